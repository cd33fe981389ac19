using Needle.Reporting.Plots;

namespace Needle.Reporting.Tests.Plots;

/// <summary>Small chart inputs: curves that decay like training curves, with or without a fit band.</summary>
internal static class Trials
{
    public static TrialCurve Decaying(string label, double start, int points, bool withFit = false, IReadOnlyList<RungMark>? marks = null)
    {
        var observed = Enumerable.Range(1, points).Select(i => new PlotPoint(100 * i, start - 0.8 * Math.Log(i) / Math.Log(points + 1))).ToList();
        BandSeries? fit = null;
        if (withFit)
        {
            double[] xs = [.. Enumerable.Range(1, 2 * points).Select(i => 100.0 * i)];
            double[] mean = [.. xs.Select(x => start - 0.8 * Math.Log(x / 100) / Math.Log(points + 1))];
            fit = new BandSeries(label + " fit", xs, mean, [.. mean.Select(m => m - 0.05)], [.. mean.Select(m => m + 0.05)]);
        }
        return new TrialCurve(label, observed, fit, marks ?? []);
    }
}
