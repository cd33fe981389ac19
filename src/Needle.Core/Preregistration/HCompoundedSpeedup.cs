using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// H, the compounded claim (Empirical, INV-28; Coq <c>h_supported</c>/<c>h_refuted</c>): the search with every enabled
/// vector reaches the target at least <see cref="MinimumSpeedup"/>× sooner than the uniform grid, while none of its
/// four falsifiers fires. Three-valued, as the plan asks: <b>supported</b> when every falsifier was measured and
/// passed and the speed-up's 95% bootstrap interval lies at or above 50; <b>refuted</b> when a measured falsifier
/// fires, or when the interval lies below 50 on a history able to show 50× (its grid time over the cheapest
/// single run to the target — on a small table even a perfect search cannot be 50× faster); otherwise
/// <b>not determinable</b>. A falsifier that could not be measured (e.g. V2 disabled, so no proxy promotions)
/// is absent from the statistic: it cannot refute, and H cannot be supported without it.
/// </summary>
[Invariant("INV-28")]
public sealed class HCompoundedSpeedup : IEmpiricalClaim, IUndecidableClaim
{
    /// <summary>The claimed speed-up over the uniform grid (Coq <c>h_min_speedup</c>).</summary>
    public const double MinimumSpeedup = 50;

    /// <summary>Falsifier 1: time to the first promoted rung with V1+V2+V3 over pure ASHA's (Coq <c>h_max_first_promotion_ratio</c>).</summary>
    public const double MaxFirstPromotionRatio = 0.5;

    /// <summary>Falsifier 2: share of proxy-promoted configurations failing their full-rung evaluation (Coq <c>h_max_proxy_failure_share</c>).</summary>
    public const double MaxProxyFailureShare = 0.3;

    /// <summary>Falsifier 4: the victory predicate's false-positive rate under the null, simulated (Coq <c>h_max_false_positive_rate</c>; the plan's α).</summary>
    public const double MaxFalsePositiveRate = 0.01;

    /// <summary>Draws the null simulation needs (Coq <c>h_min_null_draws</c>).</summary>
    public const int MinimumNullDraws = 10_000;

    /// <summary>Replay repetitions the speed-up needs (Coq <c>h_min_repetitions</c>).</summary>
    public const int MinimumRepetitions = 20;

    public string Vector => "H";

    public IReadOnlyList<string> StatisticNames { get; } =
    [
        "speedup_median", "speedup_ci_low", "speedup_ci_high", "max_measurable_speedup", "repetitions",
        "first_promotion_ratio", "proxy_failure_share", "unreproducible_victory_rows", "victory_rows", "false_positive_rate", "null_draws",
    ];

    /// <summary>Supported (the pre-registered hypothesis holds on this data).</summary>
    public bool Holds(IReadOnlyDictionary<string, double> statistic) => Judge(statistic) == true;

    public bool Determinable(IReadOnlyDictionary<string, double> statistic) => Judge(statistic) is not null;

    /// <summary>True = supported, false = refuted, null = not determinable.</summary>
    public static bool? Judge(IReadOnlyDictionary<string, double> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var low = Field(s, "speedup_ci_low");
        var high = Field(s, "speedup_ci_high");
        var reachable = Field(s, "max_measurable_speedup");
        var repetitions = Field(s, "repetitions");
        var firstPromotion = Field(s, "first_promotion_ratio");
        var proxyFailures = Field(s, "proxy_failure_share");
        var unreproducible = Field(s, "unreproducible_victory_rows");
        var fpr = Field(s, "false_positive_rate");
        var draws = Field(s, "null_draws");
        if (low > high) throw new ArgumentException($"H: speedup_ci_low {low} is above speedup_ci_high {high}");

        var fires = firstPromotion > MaxFirstPromotionRatio || proxyFailures > MaxProxyFailureShare || unreproducible > 0
                    || (draws >= MinimumNullDraws && fpr > MaxFalsePositiveRate);
        if (fires) return false;
        var enoughReplays = repetitions >= MinimumRepetitions;
        if (enoughReplays && high < MinimumSpeedup && reachable >= MinimumSpeedup) return false;
        var allMeasured = firstPromotion is not null && proxyFailures is not null && unreproducible is not null && fpr is not null
                          && draws >= MinimumNullDraws;
        return allMeasured && enoughReplays && low >= MinimumSpeedup ? true : null;
    }

    private static double? Field(IReadOnlyDictionary<string, double> s, string name)
    {
        if (!s.TryGetValue(name, out var v)) return null;
        if (!double.IsFinite(v) || v < 0) throw new ArgumentException($"H: statistic field \"{name}\" is {v}; it must be a finite number ≥ 0");
        return v;
    }
}
