using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Run;

namespace Needle.Search.History;

/// <summary>
/// <c>needle history export</c>: writes the study's finished trials (Completed or Diverged; a study still being built
/// exports what has finished, and the manifest says so) as <see cref="HistoryLines"/> plus a <see cref="HistoryManifest"/>.
/// Lines are in config-id then seed order, so the same study exports the same bytes.
/// </summary>
public static class HistoryExport
{
    public static HistoryManifest Write(IStudyStorage storage, StudyRecord study, string spaceFileName, string outDirectory, TimeProvider time)
    {
        var space = HistorySpace.Parse(study.SpaceJson, $"stored space of '{study.Name}'");
        var byCanon = space.Trials().ToDictionary(t => t.Spec.CanonName, t => t.Config);
        var trials = storage.GetTrials(study.Id);
        var finished = trials.Where(t => t.State is TrialState.Completed or TrialState.Diverged).ToList();
        var records = finished.Select(t => Record(storage, study, space, byCanon[t.Spec.CanonName], t))
            .OrderBy(r => r.ConfigId, StringComparer.Ordinal).ThenBy(r => r.Seed).ToList();

        Directory.CreateDirectory(outDirectory);
        var linesPath = Path.Combine(outDirectory, HistoryTable.LinesFile);
        var text = new StringBuilder();
        foreach (var r in records) text.Append(HistoryLines.Write(r)).Append('\n');
        File.WriteAllText(linesPath, text.ToString());

        var cpu = HistoryBuilder.CpuBySession(storage, study.Id).Values.Sum();
        var trialCpu = finished.Sum(t => RungMeasurement.Load(storage, study.Id, t.Id, space.Ladder.Steps).Sum(m => m.TrainSeconds + m.EvalSeconds));
        var partial = records.Count < trials.Count;
        var manifest = new HistoryManifest
        {
            SpaceFile = spaceFileName,
            SpaceSha256 = space.Sha256,
            Study = study.Name,
            Ladder = [.. space.Ladder.Steps],
            Eta = space.Ladder.Eta,
            ReportEvery = space.ReportEvery,
            ValidationSample = string.Create(CultureInfo.InvariantCulture,
                $"curve points: {ValidationSample.DefaultSpans} spans x {ValidationSample.DefaultSpanBytes - 1} target bytes of the validation split chosen by the master seed {study.MasterSeed} (the same bytes for every trial); rung_bpb: the whole 100,000-byte validation split"),
            SecondsPerStepMeaning = "CPU seconds of the trial's own thread per training step (Linux /proc/thread-self/schedstat), evaluation excluded; not wall time: the machine was shared and loaded",
            FoldRule = "fold = first 4 bytes (little-endian uint32) of SHA-256(UTF-8 config_id) mod 5; fold 0 is the held-out fold of V2 and V4",
            Machine = Machine(),
            Date = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            TotalCpuSeconds = Math.Round(cpu, 1),
            TrialCpuSeconds = Math.Round(trialCpu, 1),
            PlannedTrials = trials.Count,
            ExportedTrials = records.Count,
            Partial = partial,
            Note = partial
                ? $"PARTIAL: {records.Count} of the {trials.Count} planned trials had finished when this was exported; the build resumes with `needle history build --space {spaceFileName} --study STUDY` and a later export replaces this one"
                : $"complete: all {trials.Count} planned trials",
            Files = new SortedDictionary<string, string>(StringComparer.Ordinal) { [HistoryTable.LinesFile] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(linesPath))) },
        };
        File.WriteAllText(Path.Combine(outDirectory, HistoryTable.ManifestFile), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return manifest;
    }

    private static HistoryRecord Record(IStudyStorage storage, StudyRecord study, HistorySpace space, HistoryConfig config, TrialRecord trial)
    {
        var measurements = RungMeasurement.Load(storage, study.Id, trial.Id, space.Ladder.Steps);
        var steps = measurements.Sum(m => m.Steps);
        var train = EngineTrialConfig.From(trial.Spec, space.Horizon);
        var (parameters, flops) = Size(train);
        var commit = storage.GetSchedulerState(study.Id, HistoryBuilder.CommitKey(trial.Id)) is { } c ? JsonSerializer.Deserialize<string>(c)! : "unknown";
        return new HistoryRecord
        {
            ConfigId = config.Id,
            Canon = trial.Spec.CanonName,
            Config = new SortedDictionary<string, string>(trial.Spec.Config.ToDictionary(), StringComparer.Ordinal),
            Family = config.Family,
            Format = config.Format,
            Origin = config.Origin,
            Seed = trial.Spec.Seed,
            State = trial.State.ToString(),
            Error = trial.Error,
            Curve = [.. storage.GetCurve(trial.Id).Select(p => new[] { p.Step, p.Bpb })],
            RungBpb = new SortedDictionary<string, double>(
                measurements.Where(m => m.WholeSplitBpb is not null).ToDictionary(m => m.Step.ToString(CultureInfo.InvariantCulture), m => m.WholeSplitBpb!.Value),
                StringComparer.Ordinal),
            SecondsPerStep = steps == 0 ? 0 : measurements.Sum(m => m.TrainSeconds) / steps,
            EvalSeconds = measurements.Sum(m => m.EvalSeconds),
            Params = parameters,
            FlopsPerToken = flops,
            Fold = HistoryConfig.FoldOf(config.Id),
            Commit = commit,
            CorpusSha256 = TinyShakespeare.Sha256,
            ConfigSha256 = train.Hash(),
        };
    }

    private static (long Params, double Flops) Size(TrainConfig config)
    {
        using var pool = new WorkerPool(1);
        var model = ModelFactory.CreateModel(config.Model, 1, config.Seed, pool);
        long n = model.Parameters.Length;
        var m = config.Model;
        var attention = m.Model == Needle.Training.Models.Families.FamilyNames.TrainV2 ? 0.0 : 2.0 * m.Layers * m.Ctx * m.DModel;
        (model as IDisposable)?.Dispose();
        return (n, 2.0 * n + attention);
    }

    private static string Machine()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { /* not Linux */ }
        return string.Create(CultureInfo.InvariantCulture,
            $"{cpu}; {Environment.ProcessorCount} logical processors shared with other builds; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}");
    }
}
