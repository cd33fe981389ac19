using System.Globalization;
using Needle.Search.Accelerators.Proxies;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// V4's feature vector of one configuration after its second rung: its levers (family one-hot, the engine keys as
/// numbers, schedule one-hot, format flags; an absent key is NaN = "missing", since defaults differ by family), its
/// BPB at the first two rungs and the curve's slope between them (all from the curve a strategy has paid for — the
/// study's common validation sample), V2's proxies and the baselines params and FLOPs per token (from the proxy cache).
/// </summary>
public static class SurrogateFeatures
{
    public static IReadOnlyList<string> Families { get; } = ["attn", "HYBRID", "TRAIN_V2", "JEPA-T"];
    public static IReadOnlyList<string> Schedules { get; } = ["cosine", "wsd", "constant"];
    private static readonly string[] NumericKeys = ["d_model", "layers", "heads", "ctx", "batch", "hidden", "warmup", "weight_decay", "dropout", "qk_gain", "ngram_k", "nca"];

    /// <summary>The columns, in order (what a report of feature importance or a debug print names).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Families.Select(f => "family_" + f), .. NumericKeys, "log10_lr", .. Schedules.Select(s => "schedule_" + s), "format_fp32", "format_fp8",
        "bpb_rung1", "bpb_rung2", "slope_per_ln_step", "log10_synflow", "grad_norm", "snip", "naswot", "log10_params", "log10_flops_per_token",
    ];

    /// <summary>
    /// The features, or null when the curve does not yet reach <paramref name="rung2"/> (no prediction before rung 2).
    /// </summary>
    public static double[]? Of(string family, IReadOnlyDictionary<string, string> config, IReadOnlyList<(long Step, double Bpb)> curve,
        long rung1, long rung2, ProxyRow proxies)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(proxies);
        var at1 = curve.Where(p => p.Step == rung1).Select(p => (double?)p.Bpb).FirstOrDefault();
        var at2 = curve.Where(p => p.Step == rung2).Select(p => (double?)p.Bpb).FirstOrDefault();
        if (at1 is null || at2 is null) return null;
        var f = new List<double>(Names.Count);
        f.AddRange(Families.Select(x => family == x ? 1.0 : 0.0));
        f.AddRange(NumericKeys.Select(k => Number(config, k)));
        f.Add(Math.Log10(Number(config, "lr")));
        var schedule = config.TryGetValue("schedule", out var s) ? s : "cosine";
        f.AddRange(Schedules.Select(x => schedule == x ? 1.0 : 0.0));
        var format = config.TryGetValue("format", out var fm) ? fm.ToUpperInvariant() : "FP32";
        f.Add(format == "FP32" ? 1 : 0);
        f.Add(format.StartsWith("FP8", StringComparison.Ordinal) ? 1 : 0);
        f.Add(at1.Value);
        f.Add(at2.Value);
        f.Add(Slope(curve, rung1, rung2));
        f.Add(Log10(proxies.Score("synflow")));
        f.Add(Finite(proxies.Score("grad_norm")));
        f.Add(Finite(proxies.Score("snip")));
        f.Add(Finite(proxies.Score("naswot")));
        f.Add(Log10(proxies.Score("params")));
        f.Add(Log10(proxies.Score("flops_per_token")));
        return [.. f];
    }

    /// <summary>Least-squares slope of BPB against ln(step) over the curve's points in [rung1, rung2].</summary>
    public static double Slope(IReadOnlyList<(long Step, double Bpb)> curve, long rung1, long rung2)
    {
        var pts = curve.Where(p => p.Step >= rung1 && p.Step <= rung2).Select(p => (X: Math.Log(p.Step), Y: p.Bpb)).ToList();
        if (pts.Count < 2) return double.NaN;
        double mx = pts.Average(p => p.X), my = pts.Average(p => p.Y);
        double sxy = pts.Sum(p => (p.X - mx) * (p.Y - my)), sxx = pts.Sum(p => (p.X - mx) * (p.X - mx));
        return sxx == 0 ? double.NaN : sxy / sxx;
    }

    private static double Number(IReadOnlyDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;

    private static double Log10(double v) => v > 0 && double.IsFinite(v) ? Math.Log10(v) : double.NaN;

    private static double Finite(double v) => double.IsFinite(v) ? v : double.NaN;
}
