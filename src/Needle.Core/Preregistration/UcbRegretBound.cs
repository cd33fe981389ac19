using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// INV-16, pre-registered and Admitted in Coq (<c>ucb_sublinear_regret</c>): a UCB bandit's cumulative regret
/// grows sublinearly. A finite run cannot show a limit, so the falsifiable form is: the regret collected in
/// the second half of the run is less than <see cref="MaxSecondHalfShare"/> of the total (linear regret puts
/// half of it there, √T regret about 29 %, logarithmic regret far less).
/// </summary>
[Invariant("INV-16")]
public static class UcbRegretBound
{
    /// <summary>The largest share of cumulative regret the second half of a run may contribute.</summary>
    public const double MaxSecondHalfShare = 0.4;

    /// <summary>Fewer pulls than this cannot tell sublinear from linear.</summary>
    public const int MinimumPulls = 16;

    /// <summary>The share of the total regret collected in the second half, from per-pull regrets (each ≥ 0).</summary>
    public static double SecondHalfShare(IReadOnlyList<double> perPullRegret)
    {
        if (perPullRegret.Count < MinimumPulls)
            throw new ArgumentException($"{perPullRegret.Count} pulls is below the pre-registered minimum of {MinimumPulls}.");
        for (var t = 0; t < perPullRegret.Count; t++)
        {
            if (!double.IsFinite(perPullRegret[t]) || perPullRegret[t] < 0)
                throw new ArgumentOutOfRangeException(nameof(perPullRegret), perPullRegret[t],
                    $"Regret at pull {t} must be finite and ≥ 0 (best mean minus the pulled arm's mean).");
        }
        var total = perPullRegret.Sum();
        if (total == 0) return 0;
        var half = perPullRegret.Count / 2;
        return perPullRegret.Skip(half).Sum() / total;
    }

    /// <summary>True when the second half's share stays below the bound (a run with no regret passes).</summary>
    public static bool Holds(IReadOnlyList<double> perPullRegret) => SecondHalfShare(perPullRegret) < MaxSecondHalfShare;
}
