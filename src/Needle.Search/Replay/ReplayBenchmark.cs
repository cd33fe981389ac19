using Needle.Search.History;

namespace Needle.Search.Replay;

/// <summary>Per strategy over its repetitions: time-to-target median and interquartile range, and the ratio to the grid's median.</summary>
public sealed record StrategySummary(
    string Strategy, int Repetitions, int Reached, double? MedianSeconds, double? Q25Seconds, double? Q75Seconds, double? RatioToGrid,
    double MedianTotalSeconds);

/// <summary>
/// <c>needle replay</c>: each strategy replayed <c>repetitions</c> times over the history (repetition r uses seed r for
/// every random choice), each repetition on a fresh study file in the given work directory.
/// Target: within ε (<c>epsilon</c>, default <see cref="DefaultEpsilon"/>) BPB of the table's best final
/// (whole-split, horizon) BPB.
/// </summary>
public static class ReplayBenchmark
{
    public const double DefaultEpsilon = 0.02;

    public static async Task<IReadOnlyList<ReplayRepetition>> RunAsync(
        HistoryTable table, IReadOnlyList<string> strategies, int repetitions, int workers, double epsilon, string workDirectory)
    {
        var runs = new List<ReplayRepetition>();
        foreach (var name in strategies)
            runs.AddRange(await RunAsync(table, () => SearchStrategy.Named(name), repetitions, workers, epsilon, workDirectory).ConfigureAwait(false));
        return runs;
    }

    /// <summary>One strategy, built afresh for each repetition by <paramref name="strategy"/> (components may keep state).</summary>
    public static async Task<IReadOnlyList<ReplayRepetition>> RunAsync(
        HistoryTable table, Func<SearchStrategy> strategy, int repetitions, int workers, double epsilon, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var runs = new List<ReplayRepetition>();
        for (var r = 0; r < repetitions; r++)
        {
            var s = strategy();
            var dir = Directory.CreateDirectory(Path.Combine(workDirectory, $"needle-replay-{s.Name}-{r}-{Environment.ProcessId}-{Guid.NewGuid():N}"));
            try
            {
                runs.Add(await new ReplayDriver(table, s, workers, r).RunAsync(Path.Combine(dir.FullName, "replay.db"), r, epsilon).ConfigureAwait(false));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }
        return runs;
    }

    public static IReadOnlyList<StrategySummary> Summarise(IReadOnlyList<ReplayRepetition> runs)
    {
        var grid = Median(runs.Where(r => r.Strategy == "grid").Select(r => r.TimeToTarget).OfType<double>().ToList());
        return [.. runs.GroupBy(r => r.Strategy).Select(g =>
        {
            var times = g.Select(r => r.TimeToTarget).OfType<double>().Order().ToList();
            // A repetition that never reached the target counts as +∞ (it is slower than any that did).
            var all = g.Select(r => r.TimeToTarget ?? double.PositiveInfinity).Order().ToList();
            double? median = Finite(Quantile(all, 0.5)), q25 = Finite(Quantile(all, 0.25)), q75 = Finite(Quantile(all, 0.75));
            return new StrategySummary(g.Key, g.Count(), times.Count, median, q25, q75,
                median is { } m && grid is { } gm && gm > 0 ? m / gm : null, Quantile([.. g.Select(r => r.TotalSeconds).Order()], 0.5));
        })];
    }

    /// <summary>Median and IQR of each strategy's regret on a common time grid (for the plot), as (time, median, q25, q75).</summary>
    public static IReadOnlyList<(double Seconds, double Median, double Q25, double Q75)> RegretBand(IReadOnlyList<ReplayRepetition> runs, IReadOnlyList<double> times) =>
        [.. times.Select(t =>
        {
            var values = runs.Select(r => r.Regret.LastOrDefault(p => p.Seconds <= t) is var p && p != default ? p.Regret : double.NaN)
                .Where(double.IsFinite).Order().ToList();
            return values.Count == 0 ? (t, double.NaN, double.NaN, double.NaN) : (t, Quantile(values, 0.5), Quantile(values, 0.25), Quantile(values, 0.75));
        })];

    private static double? Median(IReadOnlyList<double> v) => v.Count == 0 ? null : Quantile([.. v.Order()], 0.5);

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    /// <summary>Linear-interpolation quantile of sorted values (type 7).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        if (double.IsPositiveInfinity(sorted[hi]) || double.IsPositiveInfinity(sorted[lo])) return h - lo == 0 ? sorted[lo] : double.PositiveInfinity;
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
