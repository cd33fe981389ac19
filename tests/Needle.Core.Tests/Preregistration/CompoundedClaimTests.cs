using Needle.Core.Preregistration;

namespace Needle.Core.Tests.Preregistration;

/// <summary>
/// H is three-valued: each falsifier alone refutes it; a speed-up interval below 50 refutes it only on a history
/// able to show 50×; support needs every falsifier measured and passing and the interval's low end at 50 or above.
/// </summary>
public sealed class CompoundedClaimTests
{
    private static Dictionary<string, double> Passing(double low = 60, double high = 90) => new()
    {
        ["speedup_median"] = (low + high) / 2, ["speedup_ci_low"] = low, ["speedup_ci_high"] = high, ["max_measurable_speedup"] = 200,
        ["repetitions"] = 20, ["first_promotion_ratio"] = 0.5, ["proxy_failure_share"] = 0.3, ["unreproducible_victory_rows"] = 0,
        ["victory_rows"] = 0, ["false_positive_rate"] = 0.01, ["null_draws"] = 10_000,
    };

    private static Dictionary<string, double> With(Dictionary<string, double> s, string name, double? value)
    {
        if (value is { } v) s[name] = v;
        else s.Remove(name);
        return s;
    }

    [Fact]
    public void Support_at_every_threshold_exactly()
    {
        HCompoundedSpeedup.Judge(Passing()).Should().BeTrue();
        EmpiricalVerdicts.Of(new HCompoundedSpeedup(), Passing(low: 50)).Should().Be(EmpiricalVerdicts.Holds);
    }

    [Theory]
    [InlineData("first_promotion_ratio", 0.51)]
    [InlineData("proxy_failure_share", 0.31)]
    [InlineData("unreproducible_victory_rows", 1)]
    [InlineData("false_positive_rate", 0.0101)]
    public void Each_falsifier_alone_refutes(string field, double value)
    {
        HCompoundedSpeedup.Judge(With(Passing(), field, value)).Should().BeFalse();
        EmpiricalVerdicts.Of(new HCompoundedSpeedup(), With(Passing(), field, value)).Should().Be(EmpiricalVerdicts.Refuted);
    }

    [Fact]
    public void A_false_positive_rate_from_too_few_draws_neither_refutes_nor_supports()
    {
        var s = With(With(Passing(), "false_positive_rate", 0.5), "null_draws", 9_999);
        HCompoundedSpeedup.Judge(s).Should().BeNull();
    }

    [Fact]
    public void A_slow_search_is_refuted_only_where_the_history_could_show_50x()
    {
        HCompoundedSpeedup.Judge(Passing(low: 2, high: 3)).Should().BeFalse();
        HCompoundedSpeedup.Judge(With(Passing(low: 2, high: 3), "max_measurable_speedup", 49)).Should().BeNull("even a perfect search could not be 50× faster here");
        HCompoundedSpeedup.Judge(Passing(low: 40, high: 70)).Should().BeNull("the interval straddles 50");
        HCompoundedSpeedup.Judge(With(Passing(low: 2, high: 3), "repetitions", 19)).Should().BeNull();
    }

    [Theory]
    [InlineData("first_promotion_ratio")]
    [InlineData("proxy_failure_share")]
    [InlineData("false_positive_rate")]
    public void An_unmeasured_falsifier_forbids_support_but_cannot_refute(string field)
    {
        HCompoundedSpeedup.Judge(With(Passing(), field, null)).Should().BeNull();
        HCompoundedSpeedup.Judge(With(Passing(low: 2, high: 3), field, null)).Should().BeFalse("the speed-up alone refutes it");
    }

    [Fact]
    public void A_bad_field_is_named()
    {
        FluentActions.Invoking(() => HCompoundedSpeedup.Judge(With(Passing(), "speedup_ci_low", double.NaN)))
            .Should().Throw<ArgumentException>().WithMessage("*speedup_ci_low*");
        FluentActions.Invoking(() => HCompoundedSpeedup.Judge(Passing(low: 80, high: 60)))
            .Should().Throw<ArgumentException>().WithMessage("*above speedup_ci_high*");
    }
}
