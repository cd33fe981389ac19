using MathNet.Numerics.Statistics;
using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// INV-14, pre-registered and Admitted in Coq (<c>zero_cost_correlation_floor</c>): over at least
/// <see cref="MinimumSample"/> architectures, a zero-cost score ranks them like their trained BPB does, with
/// Spearman ρ ≥ <see cref="MinimumSpearman"/>. A higher score must predict a lower BPB, so ρ is taken between
/// the scores and the negated BPBs.
/// </summary>
[Invariant("INV-14")]
public static class ZeroCostCorrelationFloor
{
    /// <summary>The pre-registered floor on Spearman's ρ.</summary>
    public const double MinimumSpearman = 0.5;

    /// <summary>Fewer architectures than this cannot support the claim either way.</summary>
    public const int MinimumSample = 8;

    /// <summary>Spearman's ρ between the zero-cost scores and −BPB (MathNet, ties ranked by their average).</summary>
    public static double Rho(IReadOnlyList<double> zeroCostScores, IReadOnlyList<double> trainedBpb)
    {
        if (zeroCostScores.Count != trainedBpb.Count)
            throw new ArgumentException(
                $"{zeroCostScores.Count} zero-cost scores but {trainedBpb.Count} trained BPBs: pair each architecture with both.");
        if (zeroCostScores.Count < MinimumSample)
            throw new ArgumentException(
                $"{zeroCostScores.Count} architectures is below the pre-registered sample of {MinimumSample}.");
        if (zeroCostScores.Concat(trainedBpb).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("A zero-cost score or BPB is not finite.");
        return Correlation.Spearman(zeroCostScores, trainedBpb.Select(b => -b));
    }

    /// <summary>True when ρ reaches the floor.</summary>
    public static bool Holds(IReadOnlyList<double> zeroCostScores, IReadOnlyList<double> trainedBpb) =>
        Rho(zeroCostScores, trainedBpb) >= MinimumSpearman;
}
