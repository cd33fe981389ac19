using System.Globalization;
using Needle.Core.Preregistration;
using Needle.Core.Rungs;
using Needle.Search.Accelerators.Proxies;
using Needle.Search.History;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// V4 in a live race. A live trial has no row in the proxy cache (its configuration is new), so the live surrogate is
/// trained on what a race can compute: the levers and the curve to rung 2 — the proxy, parameter and FLOP columns are
/// missing (NaN) in training and prediction alike. It is trained on the whole history; the same model form is judged
/// as V4's gate is (trained on folds 1–4, MAE on fold 0 ≤ 0.10) and used live only if it passes. The pruning threshold
/// is the 60% rule's on its cross-fitted (out-of-fold) predictions over the history.
/// </summary>
public sealed class LiveSurrogate : IDisposable
{
    private static readonly string[] CacheColumns = ["synflow", "grad_norm", "snip", "naswot", "params", "flops_per_token"];
    private static readonly ProxyRow Missing = new()
    {
        ConfigId = "live", Family = "live", Seed = 0, Scores = new SortedDictionary<string, double?>(CacheColumns.ToDictionary(c => c, _ => (double?)null), StringComparer.Ordinal),
    };

    private readonly FinalBpbSurrogate _model;

    private LiveSurrogate(FinalBpbSurrogate model, double threshold, double fold0Mae, int fold0, IReadOnlyList<long> rungs) =>
        (_model, Threshold, Fold0Mae, Fold0Sample, HistoryRungs) = (model, threshold, fold0Mae, fold0, rungs);

    public double Threshold { get; }
    public double Fold0Mae { get; }
    public int Fold0Sample { get; }
    public long Rung1 => _model.Rung1;
    public long Rung2 => _model.Rung2;
    public IReadOnlyList<long> HistoryRungs { get; }

    /// <summary>True when the live model passes V4's pre-registered gate on fold 0.</summary>
    public bool Holds => V4SurrogateAccuracy.Holds(Fold0Mae);

    public static LiveSurrogate Train(HistoryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var masked = new ProxyCache(
            new ProxyCacheHeader { Space = "live", SpaceSha256 = "", Commit = "", BatchSeed = 0, BatchSequences = 0, Command = "none: proxies are not computed live" },
            [.. table.Records.Select(r => r.ConfigId).Distinct().Select(id => Missing with { ConfigId = id })]);
        using var cross = CrossFittedSurrogate.Train(table, masked);
        var fold0 = cross.OutOfFold.Where(p => table.Records.First(r => r.ConfigId == p.ConfigId).Fold == FinalBpbSurrogate.HeldOutFold).ToList();
        var model = FinalBpbSurrogate.Train(table, FinalBpbSurrogate.Judged(table, _ => true), masked, new XgbParameters());
        return new LiveSurrogate(model, cross.Threshold, fold0.Average(p => Math.Abs(p.Predicted - p.Actual)), fold0.Count, table.Manifest.Ladder);
    }

    /// <summary>Null when a race on <paramref name="ladder"/> gives the surrogate its features (reports at the history's first two rungs); else why not.</summary>
    public string? WhyNotOn(RungLadder ladder)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        return ladder.Steps.Count >= 3 && ladder.Steps[0] == Rung1 && ladder.Steps[1] == Rung2 ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"the race's ladder {ladder} must start with the history's rungs {Rung1}, {Rung2} and go on past them (the surrogate's features are the BPB there; it prunes after rung {Rung2})");
    }

    /// <summary>Predicted final BPB of a live trial from its reports, or null (before rung 2, or a family the history lacks).</summary>
    public double? Predict(TrialSpec spec, IReadOnlyList<(long Step, double Bpb)> curve)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (FamilyOf(spec) is not { } family) return null;
        var config = new Dictionary<string, string>(spec.Config, StringComparer.Ordinal);
        if (!config.ContainsKey("format") && FormatOf(spec.CanonName, family) is { } format) config["format"] = format;
        return _model.Predict(family, config, Missing, curve);
    }

    public IRungVeto Pruner() => new SurrogateRungPruner((trial, curve) => Predict(trial.Spec, curve), Rung2, Threshold);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"live surrogate (levers + curve to rung {Rung2}; proxies are not computed live): fold-0 MAE {Fold0Mae:0.0000} on {Fold0Sample} (gate ≤ {V4SurrogateAccuracy.MaxMaeBpb}), prunes a promoted trial at rung {Rung2} predicted above {Threshold:0.0000}");

    /// <summary>The family: the config's "model" key, else the canon name's (IGLA-attn-… or IGLA-ATTN-… → attn).</summary>
    public static string? FamilyOf(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Config.TryGetValue("model", out var m)) return SurrogateFeatures.Families.FirstOrDefault(f => string.Equals(f, m, StringComparison.OrdinalIgnoreCase));
        return SurrogateFeatures.Families.FirstOrDefault(f => spec.CanonName.StartsWith($"IGLA-{f}-", StringComparison.OrdinalIgnoreCase));
    }

    private static string? FormatOf(string canon, string family)
    {
        var rest = canon[$"IGLA-{family}-".Length..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? rest[..dash] : null;
    }

    public void Dispose() => _model.Dispose();
}
