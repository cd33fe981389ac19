using MathNet.Numerics.Distributions;
using Needle.Core.Statistics;

namespace Needle.Core.Tests.Statistics;

public sealed class TTestTests
{
    [Fact]
    public void Critical_value_for_df_2_at_alpha_001_is_the_documented_6_9646() =>
        OneSampleTTest.CriticalValue(0.01, 2).Should().BeApproximately(6.9646, 5e-5);

    [Fact]
    public void One_sample_statistic_and_p_match_the_textbook_formula()
    {
        var r = OneSampleTTest.LowerTail([1.42, 1.44, 1.43], 1.55, 0.01);
        r.Mean.Should().BeApproximately(1.43, 1e-12);
        r.T.Should().BeApproximately((1.43 - 1.55) / (0.01 / Math.Sqrt(3)), 1e-9);
        r.DegreesOfFreedom.Should().Be(2);
        // df = 2 has a closed form: F(t) = 1/2 + t / (2 sqrt(2 + t²)).
        r.PLower.Should().BeApproximately(0.5 + r.T / (2 * Math.Sqrt(2 + r.T * r.T)), 1e-12);
        r.Verdict.Should().Be(Verdict.Better);
    }

    [Fact]
    public void Three_way_verdict()
    {
        OneSampleTTest.LowerTail([1.52, 1.56, 1.58], 1.55, 0.01).Verdict.Should().Be(Verdict.Indistinguishable);
        OneSampleTTest.LowerTail([1.80, 1.81, 1.82], 1.55, 0.01).Verdict.Should().Be(Verdict.Worse);
        OneSampleTTest.LowerTail([1.42, 1.44, 1.43], 1.55, 0.01).Verdict.Should().Be(Verdict.Better);
    }

    [Fact]
    public void Mu0_matters_a_mean_of_1_47_beats_1_55_but_not_1_5()
    {
        double[] xs = [1.46, 1.47, 1.48];
        OneSampleTTest.LowerTail(xs, 1.55, 0.01).Verdict.Should().Be(Verdict.Better);
        OneSampleTTest.LowerTail(xs, 1.50, 0.01).Verdict.Should().Be(Verdict.Indistinguishable);
    }

    [Fact]
    public void Zero_variance_and_too_few_values_are_undefined_not_nan_verdicts()
    {
        var same = OneSampleTTest.LowerTail([1.4, 1.4, 1.4], 1.55, 0.01);
        same.IsDefined.Should().BeFalse();
        same.Verdict.Should().Be(Verdict.Indistinguishable);
        OneSampleTTest.LowerTail([1.4], 1.55, 0.01).Problem.Should().Contain("at least 2");
    }

    [Fact]
    public void Welch_uses_satterthwaite_df_and_the_exact_cdf()
    {
        double[] a = [1.42, 1.44, 1.43];
        double[] b = [1.60, 1.66, 1.58, 1.63];
        var r = WelchTTest.LowerTail(a, b, 0.01);
        double va = 0.0001 / 3, vb = new[] { 1.60, 1.66, 1.58, 1.63 }.Select(x => (x - 1.6175) * (x - 1.6175)).Sum() / 3 / 4;
        r.T.Should().BeApproximately((1.43 - 1.6175) / Math.Sqrt(va + vb), 1e-9);
        r.DegreesOfFreedom.Should().BeApproximately((va + vb) * (va + vb) / (va * va / 2 + vb * vb / 3), 1e-9);
        r.PLower.Should().BeApproximately(StudentT.CDF(0, 1, r.DegreesOfFreedom, r.T), 1e-15);
        r.Verdict.Should().Be(Verdict.Better);
        WelchTTest.LowerTail(b, a, 0.01).Verdict.Should().Be(Verdict.Worse);
    }

    [Fact]
    public void Bonferroni_divides_alpha_by_the_arms()
    {
        Bonferroni.Alpha(0.01, 7).Should().BeApproximately(0.01 / 7, 1e-15);
        var act = () => Bonferroni.Alpha(0.01, 0);
        act.Should().Throw<ArgumentOutOfRangeException>();
        // p ≈ 0.0079: significant alone, not after correcting for 7 arms.
        double[] xs = [1.40, 1.45, 1.44];
        var alone = OneSampleTTest.LowerTail(xs, 1.55, 0.01);
        alone.Verdict.Should().Be(Verdict.Better);
        OneSampleTTest.LowerTail(xs, 1.55, Bonferroni.Alpha(0.01, 7)).Verdict.Should().Be(Verdict.Indistinguishable);
    }
}
