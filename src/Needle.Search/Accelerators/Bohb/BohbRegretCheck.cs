using Needle.Core.Vectors;
using System.Globalization;
using Needle.Core.Preregistration;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bohb;

/// <summary>The figures of V3's falsifier: each side's median regret at the scaled step, over the same repetitions.</summary>
public sealed record BohbRegretVerdict(
    double MedianRegretBohb, double MedianRegretAsha, int Repetitions, double ScaledStepSeconds, bool Holds, VectorState State)
{
    public IReadOnlyDictionary<string, double> Statistic => new Dictionary<string, double>
    {
        ["median_regret_bohb"] = MedianRegretBohb, ["median_regret_asha"] = MedianRegretAsha, ["repetitions"] = Repetitions,
    };
}

/// <summary>
/// Falsifier mode 3: replays pure ASHA and ASHA with a sampler (BOHB's, or a planted one) over the same repetitions
/// (repetition r seeds both with r), takes each repetition's regret at <see cref="ScaledStep"/>, and applies
/// <see cref="V3BohbRegret"/> to the two medians. Refuted → V3 falls back to random sampling (the state says so).
/// </summary>
public static class BohbRegretCheck
{
    public static async Task<BohbRegretVerdict> RunAsync(
        HistoryTable table, Func<IConfigSampler> sampler, int repetitions, int workers, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sampler);
        var eps = ReplayBenchmark.DefaultEpsilon;
        var asha = await ReplayBenchmark.RunAsync(table, () => SearchStrategy.Asha, repetitions, workers, eps, workDirectory).ConfigureAwait(false);
        var bohb = await ReplayBenchmark.RunAsync(table, () => SearchStrategy.Asha with { Name = "bohb", Sampler = sampler() }, repetitions, workers, eps, workDirectory)
            .ConfigureAwait(false);
        return Judge(table, asha, bohb);
    }

    /// <summary>The verdict from both sides' repetitions (same count, same seeds).</summary>
    public static BohbRegretVerdict Judge(HistoryTable table, IReadOnlyList<ReplayRepetition> asha, IReadOnlyList<ReplayRepetition> bohb)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (asha.Count != bohb.Count) throw new ArgumentException($"ASHA has {asha.Count} repetitions and BOHB {bohb.Count}; compare like with like");
        var replayable = ReplayDriver.Replayable(table);
        var best = ReplayDriver.BestFinal(table);
        var worstFirst = replayable.Select(r => r.AtRung(table.Manifest.Ladder[0])).OfType<double>().Max();
        var t = ScaledStep.Seconds(asha);
        double Median(IReadOnlyList<ReplayRepetition> runs) =>
            ReplayBenchmark.Quantile([.. runs.Select(r => ScaledStep.RegretAt(r, t, worstFirst - best)).Order()], 0.5);
        var (b, a) = (Median(bohb), Median(asha));
        var holds = V3BohbRegret.Holds(b, a, asha.Count);
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"median regret at the scaled step 6000 ({t:0.#} simulated CPU-s) over {asha.Count} replays: BOHB+ASHA {b:0.0000} BPB, ASHA {a:0.0000} BPB");
        var state = JudgedState.Of("V3", holds, holds
            ? figures + " — BOHB is not worse"
            : figures + (asha.Count < V3BohbRegret.MinimumRepetitions
                ? $" — fewer than {V3BohbRegret.MinimumRepetitions} replays, no verdict; random sampling"
                : " — BOHB is worse: falling back to random sampling"));
        return new BohbRegretVerdict(b, a, asha.Count, t, holds, state);
    }
}
