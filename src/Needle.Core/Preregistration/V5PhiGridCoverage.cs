using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// V5, φ-pruned grid (Empirical, INV-25; Coq <c>v5_holds</c>): no top-10% configuration of the history lies
/// more than one grid step from a φ-grid point on some dimension (falsifier mode 5). The grid's own coverage
/// of a range is a theorem (INV-17, <see cref="PhiGridCompleteness"/>); whether the good configurations lie
/// on it is a fact about the data.
/// </summary>
[Invariant("INV-25")]
public sealed class V5PhiGridCoverage : IEmpiricalClaim
{
    /// <summary>Top configurations that may fall outside the grid (Coq <c>v5_max_excluded</c>).</summary>
    public const int MaxExcluded = 0;

    public string Vector => "V5";

    public IReadOnlyList<string> StatisticNames { get; } = ["excluded_top_configurations"];

    public static bool Holds(int excludedTopConfigurations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(excludedTopConfigurations);
        return excludedTopConfigurations <= MaxExcluded;
    }

    public bool Holds(IReadOnlyDictionary<string, double> statistic) =>
        Holds(EmpiricalStatistic.Count(statistic, Vector, "excluded_top_configurations"));
}
