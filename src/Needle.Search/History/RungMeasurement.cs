using System.Globalization;
using System.Text.Json;
using Needle.Search.Study;

namespace Needle.Search.History;

/// <summary>
/// What the history keeps of one trial beyond its curve (kept in the study's scheduler state, one key per trial and
/// rung, so it is durable with the study and survives kill -9): the whole-split BPB at the rung (null for a segment a divergence ended before its rung, <see cref="Step"/> then being the rung it was heading to), and the segment's cost
/// that ended there (training and evaluation CPU seconds of the trial's thread, and the steps trained).
/// </summary>
public sealed record RungMeasurement(long Step, double? WholeSplitBpb, long Steps, double TrainSeconds, double EvalSeconds, bool CpuTime)
{
    private const string Prefix = "history/rung/";

    public static string Key(long trialId, long step) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{trialId}/{step}");

    public void Save(IStudyStorage storage, long studyId, long trialId, DateTimeOffset now) =>
        storage.SetSchedulerState(studyId, Key(trialId, Step), JsonSerializer.Serialize(this), now);

    /// <summary>The trial's measurements at the rungs of <paramref name="rungs"/> that have one, by step.</summary>
    public static IReadOnlyList<RungMeasurement> Load(IStudyStorage storage, long studyId, long trialId, IEnumerable<long> rungs) =>
        [.. rungs.Select(r => storage.GetSchedulerState(studyId, Key(trialId, r)))
            .Where(j => j is not null)
            .Select(j => JsonSerializer.Deserialize<RungMeasurement>(j!)!)];
}
