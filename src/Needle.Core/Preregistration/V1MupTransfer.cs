using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// V1, muP transfer (Empirical, INV-21; Coq <c>v1_holds</c>): under muP every layer's coordinate-check slope of
/// log mean|x| against log width is within ±<see cref="MaxAbsSlope"/>, and the optimal learning rate moves by at
/// most <see cref="MaxLrShiftGridSteps"/> step of the φ-spaced grid between proxy and target width (falsifier mode 2).
/// </summary>
[Invariant("INV-21")]
public sealed class V1MupTransfer : IEmpiricalClaim
{
    /// <summary>The plan's threshold on |slope| (Coq <c>v1_max_abs_slope</c>).</summary>
    public const double MaxAbsSlope = 0.1;

    /// <summary>How far the optimal learning rate may move on the φ-grid (Coq <c>v1_max_lr_shift</c>).</summary>
    public const int MaxLrShiftGridSteps = 1;

    public string Vector => "V1";

    public IReadOnlyList<string> StatisticNames { get; } = ["max_abs_slope", "lr_shift_grid_steps"];

    /// <summary>True when the largest |slope| and the optimum's move are both within the pre-registered bounds.</summary>
    public static bool Holds(double maxAbsSlope, int lrShiftGridSteps)
    {
        if (!double.IsFinite(maxAbsSlope) || maxAbsSlope < 0) throw new ArgumentOutOfRangeException(nameof(maxAbsSlope), maxAbsSlope, "an absolute slope is finite and ≥ 0");
        ArgumentOutOfRangeException.ThrowIfNegative(lrShiftGridSteps);
        return maxAbsSlope <= MaxAbsSlope && lrShiftGridSteps <= MaxLrShiftGridSteps;
    }

    public bool Holds(IReadOnlyDictionary<string, double> statistic) =>
        Holds(EmpiricalStatistic.Real(statistic, Vector, "max_abs_slope"), EmpiricalStatistic.Count(statistic, Vector, "lr_shift_grid_steps"));
}
