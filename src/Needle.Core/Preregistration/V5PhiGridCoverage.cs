using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// V5, φ-pruned grid (Empirical, INV-25; Coq <c>v5_holds</c>): every top-10% configuration of the history lies
/// within <see cref="MaxGridSteps"/> grid step(s) of a φ-grid point on every dimension (falsifier mode 5; the
/// pre-registration's threshold is this distance). The statistic is the largest such distance, in grid steps
/// |log_φ(x / g)| to the nearest grid point g, and the number of top configurations beyond it. The grid's own
/// coverage of a range is a theorem (INV-17, <see cref="PhiGridCompleteness"/>); whether the good configurations
/// lie near the grid actually searched is a fact about the data.
/// </summary>
[Invariant("INV-25")]
public sealed class V5PhiGridCoverage : IEmpiricalClaim
{
    /// <summary>How far, in φ-grid steps, a top configuration may lie from the grid (Coq <c>v5_max_grid_steps</c>; the pre-registered threshold).</summary>
    public const double MaxGridSteps = 1.0;

    /// <summary>Top configurations that may fall outside the grid (Coq <c>v5_max_excluded</c>).</summary>
    public const int MaxExcluded = 0;

    public string Vector => "V5";

    public IReadOnlyList<string> StatisticNames { get; } = ["max_distance_grid_steps", "excluded_top_configurations"];

    public static bool Holds(double maxDistanceGridSteps, int excludedTopConfigurations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(excludedTopConfigurations);
        if (!(maxDistanceGridSteps >= 0)) throw new ArgumentOutOfRangeException(nameof(maxDistanceGridSteps), maxDistanceGridSteps, "A distance is ≥ 0.");
        return maxDistanceGridSteps <= MaxGridSteps && excludedTopConfigurations <= MaxExcluded;
    }

    public bool Holds(IReadOnlyDictionary<string, double> statistic) =>
        Holds(EmpiricalStatistic.Real(statistic, Vector, "max_distance_grid_steps"), EmpiricalStatistic.Count(statistic, Vector, "excluded_top_configurations"));
}
