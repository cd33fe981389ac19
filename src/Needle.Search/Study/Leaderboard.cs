using Needle.Search.Curves;

namespace Needle.Search.Study;

/// <summary>One leaderboard row: a trial's last report at or beyond the gate's minimum step.</summary>
public sealed record LeaderboardRow(int Rank, string Canon, uint Seed, long Step, double Bpb, TrialState State);

/// <summary>
/// Ranks a study's trials by the BPB of their last report with step ≥ the gate's minimum (the upstream's victory
/// check: step ≥ 4000); trials with no such report are left out — an early low BPB is not a result. The last report
/// (not the best one) is used: the minimum over noisy evaluations is biased low.
/// </summary>
public static class Leaderboard
{
    /// <summary>The victory gate's minimum step.</summary>
    public const long GateMinimumStep = 4000;

    public static IReadOnlyList<LeaderboardRow> For(IStudyStorage storage, long studyId, long minimumStep = GateMinimumStep)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var rows = new List<(TrialRecord Trial, CurvePoint Point)>();
        foreach (var trial in storage.GetTrials(studyId))
        {
            var last = storage.GetCurve(trial.Id).Where(p => p.Step >= minimumStep).Select(p => (CurvePoint?)p).LastOrDefault();
            if (last is { } point) rows.Add((trial, point));
        }
        return rows.OrderBy(r => r.Point.Bpb).ThenBy(r => r.Trial.Number)
            .Select((r, i) => new LeaderboardRow(i + 1, r.Trial.Spec.CanonName, r.Trial.Spec.Seed, r.Point.Step, r.Point.Bpb, r.Trial.State))
            .ToList();
    }
}
