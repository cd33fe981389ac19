using Needle.Search.History;

namespace Needle.Search.Curves;

/// <summary>One (predictor, fit rung, family) cell of the calibration table.</summary>
/// <param name="Predictor">The predictor judged: <c>power-law</c> or <c>history</c>.</param>
/// <param name="FitRung">The step up to which the predictor saw each curve.</param>
/// <param name="Family">The model family of the curves in this cell.</param>
/// <param name="Curves">Curves judged (completed trials).</param>
/// <param name="Predicted">How many got a prediction (the rest: insufficient evidence).</param>
/// <param name="Coverage">Fraction of predictions whose 95% interval holds the true final BPB (null when none).</param>
/// <param name="MeanAbsoluteError">Mean |predicted − true| over the predictions (null when none).</param>
/// <param name="MeanIntervalWidth">Mean width of the 95% intervals (null when none).</param>
/// <param name="RankCorrelation">Spearman ρ between predicted and true final BPB (null with fewer than 3 predictions).</param>
public sealed record CalibrationCell(
    string Predictor, long FitRung, string Family, int Curves, int Predicted, double? Coverage, double? MeanAbsoluteError,
    double? MeanIntervalWidth, double? RankCorrelation);

/// <summary>
/// <c>needle curves calibrate</c>: the learning-curve predictors judged on the history's real curves. For every
/// completed curve and each fit rung r below the horizon, a predictor sees the curve's reports up to r and predicts the
/// whole-split BPB at the horizon with a 95% interval. Two predictors:
/// - <c>power-law</c>: the race's b∞ + a·t^(−p) fit (<see cref="PowerLawCurveFit"/>) extrapolated to the horizon, with
///   its delta-method interval; too few points or a degenerate fit is "insufficient evidence";
/// - <c>history</c>: final = α + β·BPB(r), fitted per family and rung on the OTHER folds of the history (fold = a
///   pure function of the config id), with a split-conformal interval: ± the ⌈(n+1)·0.95⌉-th smallest absolute
///   residual of those n training curves, which covers a new exchangeable curve with probability ≥ 95% (Vovk et al.;
///   Lei et al. 2018, Thm 2.2). Fewer than <see cref="MinimumTraining"/> training curves cannot give that quantile: then
///   "insufficient evidence". It knows the schedule's late descent because the history's curves had it.
/// </summary>
public static class CurveCalibration
{
    /// <summary>The fewest training curves for the history predictor (<see cref="ConformalLinearFit.MinimumTraining"/>).</summary>
    public const int MinimumTraining = ConformalLinearFit.MinimumTraining;

    public static IReadOnlyList<CalibrationCell> Run(HistoryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var horizon = table.Horizon;
        var completed = table.Records.Where(r => r.State == "Completed" && r.AtRung(horizon) is not null).ToList();
        var cells = new List<CalibrationCell>();
        foreach (var rung in table.Manifest.Ladder.Where(r => r < horizon))
        {
            var power = completed.Select(r => (r, PowerLaw(r, rung, horizon))).ToList();
            var history = completed.Select(r => (r, Empirical(r, rung, horizon, completed))).ToList();
            foreach (var family in completed.Select(r => r.Family).Distinct().Order(StringComparer.Ordinal).Append("all"))
            {
                cells.Add(Cell("power-law", rung, family, power, horizon));
                cells.Add(Cell("history", rung, family, history, horizon));
            }
        }
        return cells;
    }

    /// <summary>The sample-curve value at <paramref name="rung"/> (the report the race sees there).</summary>
    internal static double? At(HistoryRecord r, long rung) => r.Curve.FirstOrDefault(p => (long)p[0] == rung) is { } p ? p[1] : null;

    private static (double Value, double Lower, double Upper)? PowerLaw(HistoryRecord record, long rung, long horizon)
    {
        var points = record.Curve.Where(p => p[0] <= rung).Select(p => new CurvePoint((long)p[0], p[1])).ToList();
        if (PowerLawCurveFit.Fit(points) is not CurveForecast.Fitted fit) return null;
        var prediction = fit.PredictAt(horizon);
        return (prediction.Value, prediction.Interval.Lower, prediction.Interval.Upper);
    }

    private static (double Value, double Lower, double Upper)? Empirical(HistoryRecord record, long rung, long horizon, IReadOnlyList<HistoryRecord> all)
    {
        if (At(record, rung) is not { } x) return null;
        var training = all.Where(r => r.Fold != record.Fold && r.Family == record.Family && At(r, rung) is not null)
            .Select(r => (X: At(r, rung)!.Value, Y: r.AtRung(horizon)!.Value)).ToList();
        if (ConformalLinearFit.Fit(training) is not { } fit) return null;
        var (value, interval) = fit.Predict(x);
        return (value, interval.Lower, interval.Upper);
    }

    private static CalibrationCell Cell(string predictor, long rung, string family,
        IReadOnlyList<(HistoryRecord Record, (double Value, double Lower, double Upper)? Prediction)> all, long horizon)
    {
        var rows = all.Where(p => family == "all" || p.Record.Family == family).ToList();
        var made = rows.Where(p => p.Prediction is not null).Select(p => (Truth: p.Record.AtRung(horizon)!.Value, P: p.Prediction!.Value)).ToList();
        if (made.Count == 0) return new CalibrationCell(predictor, rung, family, rows.Count, 0, null, null, null, null);
        return new CalibrationCell(predictor, rung, family, rows.Count, made.Count,
            made.Count(m => m.P.Lower <= m.Truth && m.Truth <= m.P.Upper) / (double)made.Count,
            made.Average(m => Math.Abs(m.P.Value - m.Truth)),
            made.Average(m => m.P.Upper - m.P.Lower),
            made.Count >= 3 ? Spearman([.. made.Select(m => m.P.Value)], [.. made.Select(m => m.Truth)]) : null);
    }

    /// <summary>Spearman's ρ (Pearson on average ranks).</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average(), num = 0, da = 0, db = 0;
        for (var i = 0; i < ra.Length; i++)
        {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return da == 0 || db == 0 ? 0 : num / Math.Sqrt(da * db);
    }

    private static double[] Ranks(IReadOnlyList<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }
}
