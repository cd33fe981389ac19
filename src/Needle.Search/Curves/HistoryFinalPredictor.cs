using System.Globalization;
using Needle.Search.History;

namespace Needle.Search.Curves;

/// <summary>
/// The history-calibrated learning-curve predictor for live studies: final = α + β·BPB(rung), fitted per family and
/// rung on every completed curve of the history (<see cref="ConformalLinearFit"/>; judged out-of-fold by
/// <c>needle curves calibrate</c>: 88–97% coverage of its 95% interval per family and rung on the complete history).
/// It is applied only where that calibration speaks: a study rung at the same fraction of its horizon as a history
/// rung (history 100, 300, 900 of 2700 → 1/27, 1/9, 1/3 of the horizon), and a family the history holds; elsewhere it
/// says "insufficient evidence" instead of extrapolating a fit it has never been judged on.
/// </summary>
public sealed class HistoryFinalPredictor
{
    private readonly Dictionary<(string Family, long Rung), ConformalLinearFit?> _fits = [];
    private readonly HistoryTable _table;

    public HistoryFinalPredictor(HistoryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    /// <summary>The family a trial's config belongs to, as the history names it (the "model" key, attn by default).</summary>
    public static string FamilyOf(IReadOnlyDictionary<string, string> config) =>
        config.TryGetValue("model", out var m) && !string.IsNullOrWhiteSpace(m) ? m : "attn";

    /// <summary>Predicts the whole-split BPB at <paramref name="horizon"/> from the sample BPB at <paramref name="rungStep"/>.</summary>
    public FinalForecast Predict(string family, long rungStep, long horizon, double bpbAtRung)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rungStep);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, rungStep);
        var historyHorizon = _table.Horizon;
        var rung = _table.Manifest.Ladder.Where(r => r < historyHorizon).FirstOrDefault(r => r * horizon == rungStep * historyHorizon);
        if (rung == 0)
            return new FinalForecast.InsufficientEvidence(string.Create(CultureInfo.InvariantCulture,
                $"no history calibration for rung {rungStep} of horizon {horizon} (the history's rungs are {string.Join(", ", _table.Manifest.Ladder.Where(r => r < historyHorizon))} of {historyHorizon})"));
        var name = _table.Records.Select(r => r.Family).FirstOrDefault(f => string.Equals(f, family, StringComparison.OrdinalIgnoreCase));
        if (name is null)
            return new FinalForecast.InsufficientEvidence($"the history holds no curves of family '{family}'");
        if (!_fits.TryGetValue((name, rung), out var fit))
        {
            var training = _table.Records
                .Where(r => r.State == "Completed" && r.Family == name && r.AtRung(historyHorizon) is not null && CurveCalibration.At(r, rung) is not null)
                .Select(r => (X: CurveCalibration.At(r, rung)!.Value, Y: r.AtRung(historyHorizon)!.Value)).ToList();
            _fits[(name, rung)] = fit = ConformalLinearFit.Fit(training);
        }
        if (fit is null)
            return new FinalForecast.InsufficientEvidence($"fewer than {ConformalLinearFit.MinimumTraining} history curves of {name} at rung {rung}");
        var (value, interval) = fit.Predict(bpbAtRung);
        return new FinalForecast.Predicted(value, interval,
            string.Create(CultureInfo.InvariantCulture, $"history {name}, rung {rung}/{historyHorizon}, n = {fit.Training}"));
    }
}
