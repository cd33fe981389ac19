using Needle.Search.Curves;

namespace Needle.Reporting.Plots;

/// <summary>
/// <c>needle curves calibrate --plot</c>: the coverage of each predictor's 95% interval against the rung it was fitted
/// at, one line per predictor and family, beside the nominal 95% — a predictor honest on real curves stays on that line.
/// Cells without a prediction (insufficient evidence) are left out, not drawn as zero.
/// </summary>
public static class CalibrationChart
{
    public static string Svg(IReadOnlyList<CalibrationCell> cells, string idPrefix = "calibration")
    {
        ArgumentNullException.ThrowIfNull(cells);
        var series = cells
            .Where(c => c.Coverage is not null)
            .GroupBy(c => (c.Predictor, c.Family))
            .OrderBy(g => g.Key.Predictor, StringComparer.Ordinal).ThenBy(g => g.Key.Family, StringComparer.Ordinal)
            .Select(g => new TrialCurve($"{g.Key.Predictor} · {g.Key.Family}",
                [.. g.OrderBy(c => c.FitRung).Select(c => new PlotPoint(c.FitRung, 100 * c.Coverage!.Value))], null, []))
            .ToList();
        var rungs = cells.Select(c => (double)c.FitRung).Distinct().Order().ToList();
        if (rungs.Count > 0) series.Add(new TrialCurve("nominal 95%", [.. rungs.Select(r => new PlotPoint(r, 95))], null, []));
        return LearningCurveChart.Svg("95% interval coverage on the history's real curves", series, idPrefix,
            xLabel: "fit rung (steps seen)", yLabel: "coverage of the true final BPB (%)", logX: true);
    }
}
