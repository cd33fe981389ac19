using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// INV-15, pre-registered and Admitted in Coq (<c>surrogate_pruning_no_regret</c>): when a surrogate prunes
/// candidates, the best true BPB among those it kept is within <see cref="MaxRegretBpb"/> of the best among all.
/// Measured by training every candidate once (the expensive ground truth) and replaying the surrogate's choice.
/// </summary>
[Invariant("INV-15")]
public static class SurrogateRegretBound
{
    /// <summary>The largest acceptable loss of best BPB caused by pruning.</summary>
    public const double MaxRegretBpb = 0.02;

    /// <summary>best(kept) − best(all), in BPB; never negative.</summary>
    public static double Regret(IReadOnlyList<double> trueBpbOfCandidates, IReadOnlyCollection<int> keptIndices)
    {
        if (trueBpbOfCandidates.Count == 0) throw new ArgumentException("No candidates: the regret of pruning nothing is undefined.");
        if (keptIndices.Count == 0) throw new ArgumentException("The surrogate kept no candidate; at least one must survive pruning.");
        if (trueBpbOfCandidates.Any(b => !double.IsFinite(b))) throw new ArgumentException("A candidate's true BPB is not finite.");
        var bestKept = double.PositiveInfinity;
        foreach (var i in keptIndices)
        {
            if (i < 0 || i >= trueBpbOfCandidates.Count)
                throw new ArgumentOutOfRangeException(nameof(keptIndices), i, $"Kept index outside 0..{trueBpbOfCandidates.Count - 1}.");
            bestKept = Math.Min(bestKept, trueBpbOfCandidates[i]);
        }
        return bestKept - trueBpbOfCandidates.Min();
    }

    /// <summary>True when pruning cost at most <see cref="MaxRegretBpb"/>.</summary>
    public static bool Holds(IReadOnlyList<double> trueBpbOfCandidates, IReadOnlyCollection<int> keptIndices) =>
        Regret(trueBpbOfCandidates, keptIndices) <= MaxRegretBpb;
}
