using Needle.Core.Gates;
using Needle.Core.Preregistration;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Compound;

/// <summary>
/// H measured on a replay: needle's speed-up over the grid (bootstrap interval), the largest speed-up this history
/// could show at all, and the four falsifiers — (1) first promoted rung of needle-v123 over ASHA's, (2) V2's measured
/// share of proxy-promoted configurations failing the full rung (read from V2's evidence: its engineer's measurement,
/// not recomputed here), (3) victory rows not reproducible from their commit (the ledger), (4) the simulated
/// false-positive rate of the victory predicate under the null. The verdict is <see cref="HCompoundedSpeedup"/>'s.
/// </summary>
public sealed record CompoundedClaim(
    IReadOnlyDictionary<string, double> Statistic, string Verdict, IReadOnlyList<string> Notes, SpeedupBootstrap.Result? Speedup,
    IReadOnlyList<NullFalsePositiveRate.Estimate> NullEstimates, SeedVariance? Variance)
{
    public const int NullSeed = 20_260_101;
    public const int BootstrapSeed = 20_260_102;

    public static CompoundedClaim Measure(HistoryTable table, IReadOnlyList<ReplayRepetition> runs, string repositoryRoot, double epsilon,
        IReadOnlyList<string> usedOfV123, int nullDraws = NullFalsePositiveRate.DefaultDraws, bool v123WhatIf = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(runs);
        var s = new Dictionary<string, double>(StringComparer.Ordinal);
        var notes = new List<string>();
        IReadOnlyList<double?> Times(string name) => [.. runs.Where(r => r.Strategy == name).Select(r => r.TimeToTarget)];

        var grid = Times("grid");
        var needle = Times(NeedleStrategies.Needle);
        SpeedupBootstrap.Result? speedup = null;
        if (grid.Count > 0 && needle.Count > 0)
        {
            speedup = SpeedupBootstrap.Estimate(grid, needle, SpeedupBootstrap.DefaultResamples, BootstrapSeed);
            s["speedup_median"] = speedup.Median;
            s["speedup_ci_low"] = speedup.Low;
            s["speedup_ci_high"] = speedup.High;
            s["repetitions"] = Math.Min(grid.Count, needle.Count);
            s["max_measurable_speedup"] = MaxMeasurableSpeedup(table, grid, epsilon);
        }
        else notes.Add("speed-up not measured: the replay needs both grid and needle");

        var asha = runs.Where(r => r.Strategy == "asha").Select(r => r.FirstPromotionSeconds).OfType<double>().Order().ToList();
        var v123 = runs.Where(r => r.Strategy == NeedleStrategies.V123).Select(r => r.FirstPromotionSeconds).OfType<double>().Order().ToList();
        ArgumentNullException.ThrowIfNull(usedOfV123);
        if (usedOfV123.Count == 0)
            notes.Add("falsifier 1 not measured: none of V1, V2, V3 is enabled and replayable, so there is no accelerated pipeline to time (needle-v123 is pure ASHA)");
        else if (asha.Count > 0 && v123.Count > 0)
        {
            s["first_promotion_ratio"] = ReplayBenchmark.Quantile(v123, 0.5) / ReplayBenchmark.Quantile(asha, 0.5);
            notes.Add(FormattableString.Invariant(
                $"falsifier 1: median first promotion {ReplayBenchmark.Quantile(v123, 0.5):0.00} s with {string.Join("+", usedOfV123)} vs {ReplayBenchmark.Quantile(asha, 0.5):0.00} s for ASHA (ratio {s["first_promotion_ratio"]:0.000}; plan ≤ 0.5){(usedOfV123.Contains("V1") ? "" : " — V1 cannot be replayed (the history was trained under SP), so without it")}{(v123WhatIf ? "; a WHAT-IF: these vectors are switched off by their own evidence and are not in needle" : "")}"));
        }
        else notes.Add("falsifier 1 not measured: the replay needs asha and needle-v123 with a promotion each");

        if (ProxyPromotionEvidence.Read(repositoryRoot) is { } proxy)
        {
            s["proxy_failure_share"] = proxy.FailingShare;
            notes.Add(proxy.Describe());
        }
        else notes.Add("falsifier 2 not measured: assertions/evidence/V2.json records no promotion outcome (V2's suite measures it)");

        var (victoryRows, unreproducible, ledgerNote) = LedgerReproduction.Count(repositoryRoot);
        s["victory_rows"] = victoryRows;
        s["unreproducible_victory_rows"] = unreproducible;
        notes.Add(ledgerNote);

        var variance = SeedVariance.Measure(table);
        var estimates = new List<NullFalsePositiveRate.Estimate>();
        if (variance is not null)
        {
            var plan = PreregisteredPlan.Load(Path.Combine(repositoryRoot, PreregisteredPlan.RelativePath));
            var book = GateBook.Load(Path.Combine(repositoryRoot, GateBook.RelativePath));
            foreach (var gate in book.Gates)
                estimates.Add(NullFalsePositiveRate.Simulate("victory gate (t at α/arms)", NullFalsePositiveRate.GatePredicate(gate, plan), gate,
                    variance.StandardDeviation, nullDraws, NullSeed));
            var worst = estimates.MaxBy(e => e.Rate)!;
            s["false_positive_rate"] = worst.Rate;
            s["null_draws"] = worst.Draws;
            notes.Add(FormattableString.Invariant(
                $"SIMULATION: false-positive rate under the null (true mean = μ0), σ = {variance.StandardDeviation:0.0000} BPB pooled over {variance.Configurations} multi-seed configurations (df {variance.DegreesOfFreedom}), {worst.Draws} draws per gate: {string.Join("; ", estimates.Select(e => $"{e.Gate} {e.Rate:0.00000} [{e.Wilson95.Low:0.00000}, {e.Wilson95.High:0.00000}]"))}"));
        }
        else notes.Add("falsifier 4 not measured: the export has no configuration trained on several seeds, so the seed-to-seed variance is unknown");

        var verdict = EmpiricalVerdicts.Of(new HCompoundedSpeedup(), s);
        return new CompoundedClaim(s, verdict, notes, speedup, estimates, variance);
    }

    /// <summary>
    /// The largest speed-up the table can show: the grid's median time-to-target over the cheapest single run to the
    /// target (one target configuration trained straight to the horizon, the best any search could do).
    /// </summary>
    public static double MaxMeasurableSpeedup(HistoryTable table, IReadOnlyList<double?> gridTimes, double epsilon)
    {
        var best = ReplayDriver.BestFinal(table);
        var cheapest = ReplayDriver.Replayable(table).Where(r => r.AtRung(table.Horizon) is { } f && f <= best + epsilon)
            .Min(r => r.SecondsPerStep * table.Horizon);
        var gm = ReplayBenchmark.Quantile([.. gridTimes.Select(t => t ?? double.PositiveInfinity).Order()], 0.5);
        return gm / cheapest;
    }

    /// <summary>"supported" / "refuted" / "not determinable", the words the verdict is printed with.</summary>
    public string VerdictWords => Verdict switch
    {
        EmpiricalVerdicts.Holds => "supported",
        EmpiricalVerdicts.Refuted => "refuted",
        _ => "not determinable on this history",
    };
}
