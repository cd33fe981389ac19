using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// V7, online curriculum (Empirical, INV-27; Coq <c>v7_holds</c>): over at least <see cref="MinimumSeeds"/> seeds,
/// the variance of final BPB with V7 is at most <see cref="MaxVarianceRatio"/> times the baseline's (falsifier mode 7).
/// </summary>
[Invariant("INV-27")]
public sealed class V7CurriculumVariance : IEmpiricalClaim
{
    /// <summary>Coq <c>v7_max_variance_ratio</c>.</summary>
    public const double MaxVarianceRatio = 1.5;

    /// <summary>Coq <c>v7_min_seeds</c>.</summary>
    public const int MinimumSeeds = 3;

    public string Vector => "V7";

    public IReadOnlyList<string> StatisticNames { get; } = ["variance_v7", "variance_baseline", "seeds"];

    public static bool Holds(double varianceV7, double varianceBaseline, int seeds)
    {
        if (varianceV7 < 0 || varianceBaseline < 0) throw new ArgumentOutOfRangeException(nameof(varianceV7), "a variance is ≥ 0");
        ArgumentOutOfRangeException.ThrowIfNegative(seeds);
        return varianceV7 <= MaxVarianceRatio * varianceBaseline && seeds >= MinimumSeeds;
    }

    public bool Holds(IReadOnlyDictionary<string, double> statistic) =>
        Holds(EmpiricalStatistic.Real(statistic, Vector, "variance_v7"), EmpiricalStatistic.Real(statistic, Vector, "variance_baseline"),
            EmpiricalStatistic.Count(statistic, Vector, "seeds"));
}
