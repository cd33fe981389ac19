using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bandit;

/// <summary>
/// V6's reward: a trial's normalised rung-2 result. Rung 2 is the ladder's second rung (300 steps on the history).
/// A trial ASHA has not (yet) taken to rung 2 is scored on the same scale from its rung-1 BPB times the median
/// rung-2/rung-1 ratio of the trials seen at both (so a pruned trial counts, as the bad news it is). The BPBs are then
/// min–max normalised over every trial scored: reward 1 for the best, 0 for the worst — the improvement over the worst
/// rung-2 result, relative to the spread. The same function scores the table's truth (for regret) and what a search has
/// observed (for UCB1).
/// </summary>
public static class FamilyRewards
{
    /// <summary>Rewards in [0, 1] per trial from (family, rung-1 BPB or null, rung-2 BPB or null); trials with neither are left out.</summary>
    public static IReadOnlyList<(string Family, double Reward)> Score(IReadOnlyList<(string Family, double? Rung1, double? Rung2)> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var ratios = trials.Where(t => t.Rung1 is > 0 && t.Rung2 is not null).Select(t => t.Rung2!.Value / t.Rung1!.Value).Order().ToList();
        var ratio = ratios.Count == 0 ? 1.0 : ReplayBenchmark.Quantile(ratios, 0.5);
        var estimated = trials.Where(t => t.Rung1 is not null || t.Rung2 is not null)
            .Select(t => (t.Family, Bpb: t.Rung2 ?? t.Rung1!.Value * ratio)).ToList();
        if (estimated.Count == 0) return [];
        var (lo, hi) = (estimated.Min(e => e.Bpb), estimated.Max(e => e.Bpb));
        return [.. estimated.Select(e => (e.Family, hi > lo ? (hi - e.Bpb) / (hi - lo) : 0.5))];
    }

    /// <summary>Each family's mean reward over the whole table (one trial per configuration, the true curves): the bandit's regret is measured against these.</summary>
    public static IReadOnlyDictionary<string, double> TableMeans(IReadOnlyList<HistoryRecord> replayable, IReadOnlyList<long> rungs)
    {
        ArgumentNullException.ThrowIfNull(replayable);
        if (rungs.Count < 2) throw new ArgumentException("V6's reward needs a ladder of at least two rungs", nameof(rungs));
        var rewards = Score([.. replayable.Select(r => (r.Family, At(r, rungs[0]), At(r, rungs[1])))]);
        return rewards.GroupBy(r => r.Family, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(r => r.Reward), StringComparer.Ordinal);
    }

    /// <summary>A record's sample BPB at <paramref name="step"/> from its full curve (the table's truth), null if it never got there.</summary>
    private static double? At(HistoryRecord r, long step)
    {
        foreach (var p in r.Curve)
            if ((long)p[0] == step) return p[1];
        return null;
    }
}
