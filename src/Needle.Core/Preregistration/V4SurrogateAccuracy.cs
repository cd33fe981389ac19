using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// V4, surrogate of final BPB (Empirical, INV-24; Coq <c>v4_holds</c>): trained on folds 1–4 of the history,
/// its mean absolute error on fold 0 is at most <see cref="MaxMaeBpb"/> (falsifier mode 4).
/// </summary>
[Invariant("INV-24")]
public sealed class V4SurrogateAccuracy : IEmpiricalClaim
{
    /// <summary>The largest acceptable MAE on the held-out fold, in BPB (Coq <c>v4_max_mae</c>).</summary>
    public const double MaxMaeBpb = 0.1;

    public string Vector => "V4";

    public IReadOnlyList<string> StatisticNames { get; } = ["mae_fold0"];

    public static bool Holds(double maeFold0)
    {
        if (!double.IsFinite(maeFold0) || maeFold0 < 0) throw new ArgumentOutOfRangeException(nameof(maeFold0), maeFold0, "a mean absolute error is finite and ≥ 0");
        return maeFold0 <= MaxMaeBpb;
    }

    public bool Holds(IReadOnlyDictionary<string, double> statistic) => Holds(EmpiricalStatistic.Real(statistic, Vector, "mae_fold0"));
}
