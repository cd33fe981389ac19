using System.Text;

namespace Needle.Training.Checkpoints;

/// <summary>
/// Everything needed to resume a run bit-exactly: the config (JSON), the completed step, the weights, the
/// optimiser state, the weight EMA, the BPB EMA, the loss history and the model's non-parameter state
/// (<see cref="Models.ILanguageModel.SaveState"/>, e.g. JEPA-T's target encoder). Batches are a pure function of
/// (seed, step), so no sampler state is needed; the V7 curriculum's running window is (version 3, written only when
/// the curriculum is on, so an off run's checkpoint is byte-for-byte what it was before V7). Written to a temporary file and renamed, so a crash never
/// leaves a torn checkpoint.
/// </summary>
public sealed record Checkpoint(string ConfigJson, long Step, long OptimizerSteps, float[] Parameters, IReadOnlyList<float[]> OptimizerState,
    float[]? WeightEma, double BpbEmaValue, int BpbEmaCount, float[] Losses, float[] ModelState, float[]? CurriculumState = null)
{
    public const string FileName = "checkpoint.bin";
    private const uint Magic = 0x4B43454E; // "NECK"
    private const int Version = 2; // 2: adds the model's non-parameter state
    private const int CurriculumVersion = 3; // 3: version 2 followed by the V7 curriculum's state

    public static string PathIn(string directory) => System.IO.Path.Combine(directory, FileName);

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = PathIn(directory), tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(CurriculumState is null ? Version : CurriculumVersion);
            w.Write(ConfigJson);
            w.Write(Step);
            w.Write(OptimizerSteps);
            WriteArray(w, Parameters);
            w.Write(OptimizerState.Count);
            foreach (var s in OptimizerState) WriteArray(w, s);
            w.Write(WeightEma is not null);
            if (WeightEma is not null) WriteArray(w, WeightEma);
            w.Write(BpbEmaValue);
            w.Write(BpbEmaCount);
            WriteArray(w, Losses);
            WriteArray(w, ModelState);
            if (CurriculumState is not null) WriteArray(w, CurriculumState);
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static Checkpoint Load(string directory)
    {
        string path = PathIn(directory);
        if (!File.Exists(path)) throw new FileNotFoundException($"no checkpoint at {path}: nothing to resume from; start the run afresh, or name the folder the run checkpointed to", path);
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (r.ReadUInt32() != Magic) throw new InvalidDataException($"{path}: not a needle checkpoint (bad magic)");
        int version = r.ReadInt32();
        if (version is not (Version or CurriculumVersion))
            throw new InvalidDataException($"{path}: checkpoint version {version}, this build reads {Version} and {CurriculumVersion}");
        string config = r.ReadString();
        long step = r.ReadInt64(), optSteps = r.ReadInt64();
        var parameters = ReadArray(r);
        int states = r.ReadInt32();
        var state = new List<float[]>();
        for (int i = 0; i < states; i++) state.Add(ReadArray(r));
        float[]? ema = r.ReadBoolean() ? ReadArray(r) : null;
        double bpbEma = r.ReadDouble();
        int bpbCount = r.ReadInt32();
        var losses = ReadArray(r);
        var modelState = ReadArray(r);
        var curriculum = version == CurriculumVersion ? ReadArray(r) : null;
        return new Checkpoint(config, step, optSteps, parameters, state, ema, bpbEma, bpbCount, losses, modelState, curriculum);
    }

    private static void WriteArray(BinaryWriter w, float[] a)
    {
        w.Write(a.Length);
        foreach (var x in a) w.Write(x);
    }

    private static float[] ReadArray(BinaryReader r)
    {
        int n = r.ReadInt32();
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.ReadSingle();
        return a;
    }
}
