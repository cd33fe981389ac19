using System.Text.Json;
using System.Text.Json.Serialization;
using Needle.Training.Run;

namespace Needle.Training.Curriculum.Measurement;

/// <summary>
/// The cached result of the real V7 measurement (<see cref="RelativePath"/>, committed): the command that produced
/// it, the commit it ran on, the base configuration, the curriculum, the seeds and every run's curve. The V7
/// falsification suite and CI read this file instead of re-training; <c>needle bench curriculum</c> writes it.
/// </summary>
public sealed record CurriculumMeasurement(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("written_at")] string WrittenAt,
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("corpus_sha256")] string CorpusSha256,
    [property: JsonPropertyName("base_config")] string BaseConfigJson,
    [property: JsonPropertyName("curriculum")] string Curriculum,
    [property: JsonPropertyName("eval_every")] int EvalEvery,
    [property: JsonPropertyName("runs")] IReadOnlyList<CurriculumRunRecord> Runs)
{
    public const string SchemaName = "needle-v7-runs/1";
    public const string RelativePath = "data/curriculum/v7-runs.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public TrainConfig BaseConfig => TrainConfig.FromJson(BaseConfigJson);

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, Json) + "\n");
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads and checks the file; a malformed one is an <see cref="InvalidDataException"/> naming the file, line and field.</summary>
    public static CurriculumMeasurement Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no cached V7 measurement; produce it with needle bench curriculum (docs/accelerators.md, V7)", path);
        CurriculumMeasurement? m;
        try { m = JsonSerializer.Deserialize<CurriculumMeasurement>(File.ReadAllText(path)); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: not a V7 measurement ({e.Message}); re-run needle bench curriculum", e);
        }
        if (m is null) throw new InvalidDataException($"{path}: empty");
        m.Check(path);
        return m;
    }

    /// <summary>
    /// One measurement from several that ran the same commit, configuration (up to the seed), curriculum and
    /// cadence on different seeds — e.g. one process per seed, run side by side. Each part's command is kept.
    /// </summary>
    public static CurriculumMeasurement Merge(IReadOnlyList<(string Path, CurriculumMeasurement Part)> parts, string mergeCommand)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to merge: name at least one measurement file");
        var first = parts[0].Part;
        string Base(CurriculumMeasurement m) => (m.BaseConfig with { Seed = 0 }).ToJson();
        foreach (var (path, m) in parts.Skip(1))
        {
            if (m.Commit != first.Commit) throw new InvalidDataException($"{path}: commit {m.Commit} differs from {parts[0].Path}'s {first.Commit}; merge only runs of one commit");
            if (Base(m) != Base(first)) throw new InvalidDataException($"{path}: its base configuration differs from {parts[0].Path}'s (beyond the seed)");
            if (m.Curriculum != first.Curriculum || m.EvalEvery != first.EvalEvery)
                throw new InvalidDataException($"{path}: curriculum {m.Curriculum} / eval every {m.EvalEvery} differ from {parts[0].Path}'s {first.Curriculum} / {first.EvalEvery}");
        }
        var runs = parts.SelectMany(p => p.Part.Runs).OrderBy(r => r.Seed).ThenBy(r => r.Arm == CurriculumRunRecord.BaselineArm ? 0 : 1).ToList();
        var twice = runs.GroupBy(r => (r.Arm, r.Seed)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidDataException($"merge: {twice.Key.Arm} seed {twice.Key.Seed} appears in more than one file");
        return first with
        {
            Command = string.Join(" ; ", parts.Select(p => p.Part.Command)) + " ; " + mergeCommand,
            WrittenAt = parts.Max(p => p.Part.WrittenAt)!,
            Runs = runs,
        };
    }

    private void Check(string path)
    {
        void Bad(string field, string what) => throw new InvalidDataException($"{path}: field \"{field}\" {what}; re-run needle bench curriculum, never edit the file by hand");
        if (Schema != SchemaName) Bad("schema", $"is \"{Schema}\", expected \"{SchemaName}\"");
        if (string.IsNullOrWhiteSpace(Command)) Bad("command", "is missing (the command that produced the file)");
        if (Commit is null || Commit.Length != 40 || !Commit.All(Uri.IsHexDigit)) Bad("commit", $"\"{Commit}\" is not a 40-hex commit id");
        if (CorpusSha256 != Data.TinyShakespeare.Sha256) Bad("corpus_sha256", $"is {CorpusSha256}, not TinyShakespeare's {Data.TinyShakespeare.Sha256}");
        if (Runs is null || Runs.Count == 0) Bad("runs", "is empty");
        try { CurriculumSpec.Parse(Curriculum); }
        catch (ArgumentException e) { Bad("curriculum", e.Message); }
        for (int i = 0; i < Runs!.Count; i++)
        {
            var r = Runs[i];
            if (r.Arm is not (CurriculumRunRecord.BaselineArm or CurriculumRunRecord.V7Arm)) Bad($"runs[{i}].arm", $"is \"{r.Arm}\", not baseline or v7");
            if (r.Points is null || r.Points.Count == 0) Bad($"runs[{i}].points", "is empty");
            foreach (var (p, j) in r.Points!.Select((p, j) => (p, j)))
                if (!double.IsFinite(p.ValBpb) || p.ValBpb <= 0 || p.CpuSeconds < 0 || p.WallSeconds < 0 || p.TrainedTokens < 0 || p.ScoredTokens < 0)
                    Bad($"runs[{i}].points[{j}]", "has a non-finite or negative figure");
        }
    }
}
