using Needle.Search.Accelerators.Proxies;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>One configuration the surrogate judged: what it predicted and what the history measured.</summary>
public sealed record SurrogatePrediction(string ConfigId, double Predicted, double Actual, double BpbAtRung2);

/// <summary>
/// V4: XGBoost predicting a configuration's last-rung (whole-split) BPB from what is known after its second rung
/// (<see cref="SurrogateFeatures"/>). Trained on folds 1–4 of the history; judged on fold 0.
/// </summary>
public sealed class FinalBpbSurrogate : IDisposable
{
    public const int HeldOutFold = 0;

    private readonly XgbRegressor _model;
    private readonly ProxyCache _proxies;

    private FinalBpbSurrogate(XgbRegressor model, ProxyCache proxies, long rung1, long rung2, int trainedOn) =>
        (_model, _proxies, Rung1, Rung2, TrainedOn) = (model, proxies, rung1, rung2, trainedOn);

    public long Rung1 { get; }
    public long Rung2 { get; }

    /// <summary>Configurations it was trained on.</summary>
    public int TrainedOn { get; }

    /// <summary>The history's configurations (first seed) of the given folds that reached the last rung.</summary>
    public static IReadOnlyList<HistoryRecord> Judged(HistoryTable table, Func<int, bool> fold) =>
        [.. ReplayDriver.Replayable(table).Where(r => fold(r.Fold) && r.AtRung(table.Horizon) is not null)];

    /// <summary>Trains on folds 1–4 (every configuration that reached the last rung).</summary>
    public static FinalBpbSurrogate TrainOnFolds1To4(HistoryTable table, ProxyCache proxies, XgbParameters? parameters = null) =>
        Train(table, Judged(table, f => f != HeldOutFold), proxies, parameters ?? new XgbParameters());

    public static FinalBpbSurrogate Train(HistoryTable table, IReadOnlyList<HistoryRecord> training, ProxyCache proxies, XgbParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(proxies);
        var (r1, r2) = (table.Manifest.Ladder[0], table.Manifest.Ladder[1]);
        var rows = new List<double[]>();
        var targets = new List<double>();
        foreach (var r in training)
        {
            if (Features(r, r1, r2, proxies) is not { } f || r.AtRung(table.Horizon) is not { } y) continue;
            rows.Add(f);
            targets.Add(y);
        }
        if (rows.Count == 0) throw new InvalidDataException("the surrogate has no training configuration that reached the last rung");
        return new FinalBpbSurrogate(XgbRegressor.Train(rows, targets, parameters), proxies, r1, r2, rows.Count);
    }

    /// <summary>Predictions for history records (their curves up to rung 2 only are read) against their last-rung BPB.</summary>
    public IReadOnlyList<SurrogatePrediction> Judge(HistoryTable table, IReadOnlyList<HistoryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(records);
        var usable = records.Select(r => (Record: r, Features: Features(r, Rung1, Rung2, _proxies))).Where(x => x.Features is not null).ToList();
        var predicted = _model.Predict([.. usable.Select(x => x.Features!)]);
        return [.. usable.Select((x, i) => new SurrogatePrediction(x.Record.ConfigId, predicted[i], x.Record.AtRung(table.Horizon)!.Value,
            x.Features![SurrogateFeatures.Names.ToList().IndexOf("bpb_rung2")]))];
    }

    /// <summary>The prediction from an observed curve (a live or replayed trial), or null before rung 2.</summary>
    public double? Predict(HistoryRecord candidate, IReadOnlyList<(long Step, double Bpb)> observed)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var row = _proxies.Find(candidate.ConfigId) ?? throw new InvalidDataException(
            $"proxy cache: no row for {candidate.ConfigId}; recompute it with `needle proxies --space <space> --out <cache>`");
        return Predict(candidate.Family, candidate.Config, row, observed);
    }

    /// <summary>The prediction for any configuration (a live trial's), with its proxies given, or null before rung 2.</summary>
    public double? Predict(string family, IReadOnlyDictionary<string, string> config, ProxyRow proxies, IReadOnlyList<(long Step, double Bpb)> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var f = SurrogateFeatures.Of(family, config, observed.Where(p => p.Step <= Rung2).ToList(), Rung1, Rung2, proxies);
        return f is null ? null : _model.Predict([f])[0];
    }

    private static double[]? Features(HistoryRecord r, long rung1, long rung2, ProxyCache proxies)
    {
        var row = proxies.Find(r.ConfigId) ?? throw new InvalidDataException(
            $"proxy cache: no row for {r.ConfigId}; recompute it with `needle proxies --space spaces/history.json --out {ProxyCache.HistoryCachePath}`");
        // Only what a strategy would have paid for: the curve up to rung 2.
        var curve = r.Curve.Where(p => p[0] <= rung2).Select(p => ((long)p[0], p[1])).ToList();
        return SurrogateFeatures.Of(r.Family, r.Config, curve, rung1, rung2, row);
    }

    public void Dispose() => _model.Dispose();
}
