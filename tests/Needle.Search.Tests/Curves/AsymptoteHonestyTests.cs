using Needle.Core.Seeds;
using Needle.Search.Curves;

namespace Needle.Search.Tests.Curves;

/// <summary>A b∞ whose 95% interval is wider than 1 BPB or reaches below 0 is "insufficient evidence", never a prediction.</summary>
public sealed class AsymptoteHonestyTests
{
    private static List<CurvePoint> Noisy(double b, double a, double p, double noise, int seed, int points, long every)
    {
        var random = new SeededRandomSource((ulong)seed);
        return Enumerable.Range(1, points).Select(i =>
        {
            var t = i * every;
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return new CurvePoint(t, b + a * Math.Pow(t, -p) + noise * g);
        }).ToList();
    }

    [Fact]
    public void A_short_noisy_curve_gives_no_prediction_and_says_why()
    {
        // Ten reports of a slowly decaying curve with 0.05 BPB noise: the kind of curve a 100-step smoke run gives.
        var found = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            var result = PowerLawCurveFit.Fit(Noisy(2.0, 3.0, 0.3, 0.05, seed, 10, 10));
            if (result is CurveForecast.Fitted f)
            {
                (f.AsymptoteInterval.Upper - f.AsymptoteInterval.Lower).Should().BeLessThanOrEqualTo(PowerLawCurveFit.MaxAsymptoteIntervalWidth);
                f.AsymptoteInterval.Lower.Should().BeGreaterThanOrEqualTo(0);
            }
            else if (result is CurveForecast.InsufficientEvidence i && i.Reason.Contains("interval", StringComparison.Ordinal))
            {
                i.Reason.Should().MatchRegex("wider than 1 BPB|reaches below 0");
                found++;
            }
        }
        found.Should().BeGreaterThan(0, "some of these fits must have been refused for their interval, or the rule was never exercised");
    }

    [Fact]
    public void An_interval_reaching_below_zero_is_refused_even_when_narrow_enough()
    {
        // Asymptote 0.05 with noise: the interval is narrower than 1 BPB but crosses 0 for some seeds.
        var refused = Enumerable.Range(1, 40)
            .Select(seed => PowerLawCurveFit.Fit(Noisy(0.05, 4.0, 0.5, 0.02, seed, 30, 100)))
            .OfType<CurveForecast.InsufficientEvidence>()
            .Count(i => i.Reason.Contains("reaches below 0", StringComparison.Ordinal));
        refused.Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_well_determined_curve_is_still_predicted()
    {
        var fit = PowerLawCurveFit.Fit(Noisy(1.9, 8, 0.5, 0.01, 3, 80, 100)).Should().BeOfType<CurveForecast.Fitted>().Subject;
        fit.AsymptoteInterval.Contains(1.9).Should().BeTrue();
    }
}
