using System.Text.Json;
using Needle.Search.Study;

namespace Needle.Search.Smoke;

/// <summary>A smoke race's verdict as stored in its study, keyed by the commit of the binary that ran it.</summary>
public sealed record SmokeVerdict(string Commit, bool Green, int GreenCriteria, int Criteria, string Scale, DateTimeOffset At);

/// <summary>
/// Smoke before fire: every smoke race records its verdict (GREEN or RED) with the binary's commit in the study it ran
/// in; a plan of phase 2 or later starts only when that study holds a GREEN verdict for the same commit.
/// </summary>
public static class SmokeVerdicts
{
    private const string KeyPrefix = "smoke-verdict/";

    public static void Record(IStudyStorage storage, StudyRecord study, SmokeRaceResult result, string commit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(result);
        var verdict = new SmokeVerdict(commit, result.AllGreen, result.Criteria.Count(c => c.Green), result.Criteria.Count, result.Plan.ScaleName, now);
        storage.SetSchedulerState(study.Id, KeyPrefix + commit, JsonSerializer.Serialize(verdict), now);
    }

    /// <summary>The verdict recorded in <paramref name="storage"/> for <paramref name="commit"/>, or null.</summary>
    public static SmokeVerdict? Find(IStudyStorage storage, string commit)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.FindStudy(SmokeRace.StudyName) is { } study && storage.GetSchedulerState(study.Id, KeyPrefix + commit) is { } json
            ? JsonSerializer.Deserialize<SmokeVerdict>(json)
            : null;
    }
}
