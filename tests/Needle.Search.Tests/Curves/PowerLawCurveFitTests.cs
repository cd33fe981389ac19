using Needle.Core.Seeds;
using Needle.Search.Curves;

namespace Needle.Search.Tests.Curves;

public sealed class PowerLawCurveFitTests(ITestOutputHelper output)
{
    private static List<CurvePoint> Curve(double b, double a, double p, double noise, IRandomSource? random, long from = 100, long to = 8000, long every = 100)
    {
        var list = new List<CurvePoint>();
        for (var t = from; t <= to; t += every)
        {
            var e = random is null ? 0 : noise * Gaussian(random);
            list.Add(new CurvePoint(t, b + a * Math.Pow(t, -p) + e));
        }
        return list;
    }

    private static double Gaussian(IRandomSource r) =>
        Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Theory]
    [InlineData(1.9, 8.0, 0.5)]
    [InlineData(1.45, 30.0, 0.7)]
    [InlineData(2.6, 3.0, 0.3)]
    public void Noise_free_curves_give_back_their_parameters(double b, double a, double p)
    {
        var fit = PowerLawCurveFit.Fit(Curve(b, a, p, 0, null)).Should().BeOfType<CurveForecast.Fitted>().Subject;
        fit.Asymptote.Should().BeApproximately(b, 1e-6);
        fit.A.Should().BeApproximately(a, a * 1e-5);
        fit.P.Should().BeApproximately(p, 1e-6);
        fit.PredictAt(81000).Value.Should().BeApproximately(b + a * Math.Pow(81000, -p), 1e-6);
    }

    [Fact]
    public void Noisy_curve_recovers_parameters_within_their_interval()
    {
        var fit = PowerLawCurveFit.Fit(Curve(1.9, 8, 0.5, 0.01, new SeededRandomSource(3))).Should().BeOfType<CurveForecast.Fitted>().Subject;
        fit.AsymptoteInterval.Contains(1.9).Should().BeTrue($"CI [{fit.AsymptoteInterval.Lower}, {fit.AsymptoteInterval.Upper}]");
        fit.AsymptoteInterval.HalfWidth.Should().BeInRange(0.001, 0.2);
        fit.P.Should().BeApproximately(0.5, 0.15);
        fit.ResidualStandardError.Should().BeApproximately(0.01, 0.003);
    }

    [Theory]
    [InlineData(5, "too few points")]
    public void Too_few_points_is_insufficient_evidence(int n, string reason)
    {
        var curve = Curve(1.9, 8, 0.5, 0, null).Take(n).ToList();
        PowerLawCurveFit.Fit(curve).Should().BeOfType<CurveForecast.InsufficientEvidence>().Which.Reason.Should().Contain(reason);
    }

    [Fact]
    public void A_rising_curve_is_insufficient_evidence()
    {
        var rising = Enumerable.Range(1, 20).Select(i => new CurvePoint(i * 100, 2.0 + 0.001 * i)).ToList();
        PowerLawCurveFit.Fit(rising).Should().BeOfType<CurveForecast.InsufficientEvidence>().Which.Reason.Should().Contain("not decreasing");
    }

    [Fact]
    public void A_flat_curve_is_insufficient_evidence()
    {
        var flat = Enumerable.Range(1, 20).Select(i => new CurvePoint(i * 100, 2.0)).ToList();
        PowerLawCurveFit.Fit(flat).Should().BeOfType<CurveForecast.InsufficientEvidence>();
    }

    [Fact]
    public void A_linearly_falling_curve_has_no_power_law_decay_and_says_so()
    {
        // Straight line down: the best power law has b∞ → −∞ with p → 0; either p ≤ 0 or a non-identifiable fit.
        var line = Enumerable.Range(1, 30).Select(i => new CurvePoint(i * 100, 3.0 - 0.01 * i)).ToList();
        var result = PowerLawCurveFit.Fit(line);
        if (result is CurveForecast.Fitted f)
            f.P.Should().BeLessThan(0.05, "a line is only a power law in the limit p → 0");
        else
            result.Should().BeOfType<CurveForecast.InsufficientEvidence>();
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_point()
    {
        var unordered = new List<CurvePoint> { new(200, 2), new(100, 1.9), new(300, 1.8), new(400, 1.7), new(500, 1.6), new(600, 1.5) };
        ((Action)(() => PowerLawCurveFit.Fit(unordered))).Should().Throw<ArgumentException>().WithMessage("*point 1*strictly increasing*");
        var nan = Curve(1.9, 8, 0.5, 0, null);
        nan[3] = nan[3] with { Bpb = double.NaN };
        PowerLawCurveFit.Fit(nan).Should().BeOfType<CurveForecast.InsufficientEvidence>().Which.Reason.Should().Contain("point 3");
    }

    [Fact]
    public void The_95_percent_interval_of_b_infinity_covers_the_truth_about_95_percent_of_the_time()
    {
        const int draws = 400;
        var random = new SeededRandomSource(20261121);
        int covered = 0, fitted = 0, predictionCovered = 0;
        for (var i = 0; i < draws; i++)
        {
            var result = PowerLawCurveFit.Fit(Curve(1.9, 8, 0.5, 0.01, random, every: 200));
            if (result is not CurveForecast.Fitted f) continue;
            fitted++;
            if (f.AsymptoteInterval.Contains(1.9)) covered++;
            if (f.PredictAt(27000).Interval.Contains(1.9 + 8 * Math.Pow(27000, -0.5))) predictionCovered++;
        }
        var coverage = covered / (double)fitted;
        var predictionCoverage = predictionCovered / (double)fitted;
        output.WriteLine($"b∞ 95% CI coverage: {covered}/{fitted} = {coverage:P1}; mean-curve prediction at 27000: {predictionCoverage:P1}");
        fitted.Should().BeGreaterThan(draws * 95 / 100, "a clean decaying curve should almost always fit");
        // Binomial(400, 0.95) has sd ≈ 1.1%: [0.92, 0.98] is about ±3 sd.
        coverage.Should().BeInRange(0.92, 0.98);
        predictionCoverage.Should().BeInRange(0.90, 0.99);
    }
}
