using System.Globalization;

namespace Needle.Search.Seeds;

/// <summary>
/// Classifies a seed against the leader from Δ = its predicted b∞ − the leader's and the slope of its last window.
/// The plan's rules overlap (a seed with Δ &gt; 0.05 and slope &gt; +0.001 is both "parallel losing" by gap and
/// "diverging" by slope) and leave gaps (Δ in (0, 0.05] with a flat or slightly rising slope matches none), so
/// they are applied in this order, first match wins:
/// 0. the latest BPB is NaN, infinite or above <see cref="Running.Divergence.UniformBpb"/> (worse than a uniform guess
///    over 256 bytes) → DIVERGING, with or without a leader: such a run is broken, not merely behind;
/// 1. no b∞ for the seed or the leader → INSUFFICIENT_EVIDENCE (no verdict, keep);
/// 2. Δ ≤ 0 → LEADING;
/// 3. slope &gt; DivergingSlope → DIVERGING (a rising curve is the strongest signal, whatever the gap);
/// 4. Δ &gt; ParallelGap and slope ≥ −FlatSlope (flat, or rising slower than diverging) → PARALLEL_LOSING;
/// 5. otherwise (falling, or flat within the gap band) → CATCHING_UP.
/// A missing slope (fewer than 3 points in the window) is treated as not rising and not flat: rule 5.
/// </summary>
public static class SeedStateClassifier
{
    /// <summary>Classifies one seed.</summary>
    public static SeedAssessment Classify(double? predictedAsymptote, double? leaderAsymptote, double? slope, SeedStateRules? rules = null,
        double? latestBpb = null)
    {
        rules ??= SeedStateRules.Plan;
        if (latestBpb is { } latest && !(latest <= Running.Divergence.UniformBpb))
            return new SeedAssessment(SeedState.Diverging, null, slope,
                string.Create(CultureInfo.InvariantCulture, $"latest BPB {latest:G4} is worse than a uniform guess ({Running.Divergence.UniformBpb} bits)"));
        if (predictedAsymptote is not { } mine || leaderAsymptote is not { } leader)
            return new SeedAssessment(SeedState.InsufficientEvidence, null, slope, "no predicted b∞ for this seed or the leader");
        var delta = mine - leader;
        var d = delta.ToString("0.0000", CultureInfo.InvariantCulture);
        if (delta <= 0) return new SeedAssessment(SeedState.Leading, delta, slope, $"Δ = {d} ≤ 0");
        if (slope is { } s1 && s1 > rules.DivergingSlope)
            return new SeedAssessment(SeedState.Diverging, delta, slope, $"Δ = {d} > 0 and slope {s1:G3}/step > {rules.DivergingSlope}");
        if (delta > rules.ParallelGap && slope is { } s2 && s2 >= -rules.FlatSlope)
            return new SeedAssessment(SeedState.ParallelLosing, delta, slope, $"Δ = {d} > {rules.ParallelGap} and slope {s2:G3}/step ≈ 0");
        return new SeedAssessment(SeedState.CatchingUp, delta, slope, $"Δ = {d} > 0, still falling or within {rules.ParallelGap} of the leader");
    }
}
