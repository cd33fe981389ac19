namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// V4 in the search: after rung 2, the trials whose predicted final BPB is in the bottom <see cref="DefaultPruneShare"/>
/// (the highest predictions) are pruned. <see cref="Regret"/> measures what that costs against the truth.
/// </summary>
public static class SurrogatePruning
{
    public const double DefaultPruneShare = 0.6;

    /// <summary>Top-k of the regret report: the truly best configurations one must not prune.</summary>
    public const int TopK = 5;

    /// <summary>The ids pruned: the ⌊share·n⌋ with the highest predicted BPB (ties broken by id, so the choice is deterministic).</summary>
    public static IReadOnlySet<string> Pruned(IReadOnlyList<(string Id, double Predicted)> predictions, double share = DefaultPruneShare)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (share is < 0 or > 1 || !double.IsFinite(share)) throw new ArgumentOutOfRangeException(nameof(share), share, "a share is in [0, 1]");
        var count = (int)Math.Floor(share * predictions.Count);
        return predictions.OrderByDescending(p => p.Predicted).ThenBy(p => p.Id, StringComparer.Ordinal).Take(count).Select(p => p.Id).ToHashSet();
    }

    /// <summary>
    /// The largest prediction <see cref="Pruned"/> would keep among <paramref name="predictions"/>: a trial predicted
    /// above it is in the bottom <paramref name="share"/> of that population (the rule as a fixed threshold, so a race
    /// can judge one trial at a time against the history's predictions).
    /// </summary>
    public static double Threshold(IReadOnlyList<double> predictions, double share = DefaultPruneShare)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0) throw new ArgumentException("no predictions to take a threshold from", nameof(predictions));
        var pruned = Pruned([.. predictions.Select((p, i) => (i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), p))], share);
        return predictions.Where((_, i) => !pruned.Contains(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))).Max();
    }

    /// <summary>
    /// What pruning by the predictions costs on configurations whose final BPB is known: how many of the true top-k it
    /// pruned, and the regret = best final BPB among the kept − best final BPB of all.
    /// </summary>
    public static PruningRegret Regret(IReadOnlyList<SurrogatePrediction> judged, double share = DefaultPruneShare, int topK = TopK)
    {
        ArgumentNullException.ThrowIfNull(judged);
        if (judged.Count == 0) return new PruningRegret(0, 0, 0, 0, 0);
        var pruned = Pruned([.. judged.Select(j => (j.ConfigId, j.Predicted))], share);
        var k = Math.Min(topK, judged.Count);
        var top = judged.OrderBy(j => j.Actual).ThenBy(j => j.ConfigId, StringComparer.Ordinal).Take(k).Select(j => j.ConfigId).ToList();
        var kept = judged.Where(j => !pruned.Contains(j.ConfigId)).ToList();
        var best = judged.Min(j => j.Actual);
        var regret = kept.Count == 0 ? double.PositiveInfinity : kept.Min(j => j.Actual) - best;
        return new PruningRegret(judged.Count, pruned.Count, k, top.Count(pruned.Contains), regret);
    }
}

/// <summary>Pruning's cost: of <see cref="Judged"/>, <see cref="Pruned"/> pruned; <see cref="TopPruned"/> of the true top <see cref="TopK"/> among them; regret in BPB.</summary>
public sealed record PruningRegret(int Judged, int Pruned, int TopK, int TopPruned, double RegretBpb);
