using Needle.Search.Replay;

namespace Needle.Search.Compound;

/// <summary>
/// A strategy's speed-up over the grid, median(grid time-to-target) / median(strategy time-to-target), with a 95%
/// percentile-bootstrap interval: both sets of repetitions are resampled with replacement, independently, from one
/// seed. A repetition that never reached the target counts as +∞ (a strategy whose median never reaches it has
/// speed-up 0).
/// </summary>
public static class SpeedupBootstrap
{
    public const int DefaultResamples = 10_000;

    public sealed record Result(double Median, double Low, double High, int Resamples);

    public static Result Estimate(IReadOnlyList<double?> grid, IReadOnlyList<double?> strategy, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(strategy);
        if (grid.Count == 0 || strategy.Count == 0) throw new ArgumentException("both strategies need at least one repetition");
        double[] g = [.. grid.Select(t => t ?? double.PositiveInfinity)], s = [.. strategy.Select(t => t ?? double.PositiveInfinity)];
        var random = new Random(seed);
        var ratios = new double[resamples];
        var bg = new double[g.Length];
        var bs = new double[s.Length];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < bg.Length; i++) bg[i] = g[random.Next(g.Length)];
            for (var i = 0; i < bs.Length; i++) bs[i] = s[random.Next(s.Length)];
            ratios[b] = Ratio(bg, bs);
        }
        Array.Sort(ratios);
        return new Result(Ratio([.. g], [.. s]), ReplayBenchmark.Quantile(ratios, 0.025), ReplayBenchmark.Quantile(ratios, 0.975), resamples);
    }

    private static double Ratio(double[] grid, double[] strategy)
    {
        var gm = MedianOf(grid);
        var sm = MedianOf(strategy);
        if (double.IsPositiveInfinity(sm)) return 0;
        return gm / sm;
    }

    private static double MedianOf(double[] values)
    {
        var sorted = values.Order().ToArray();
        return ReplayBenchmark.Quantile(sorted, 0.5);
    }
}
