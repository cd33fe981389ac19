using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>
/// States over time, one row per subject (e.g. one row per seed of a hunt): a marker at (x, row) in the colour of the
/// state observed then, rows labelled on the y axis, one legend entry per state. State colours follow
/// the <c>stateOrder</c> argument: state k gets <see cref="ChartStyle.SeriesColor"/>(k), so the same state has the
/// same colour in every report. <c>xTicks</c> names the x positions (e.g. rung i labelled with its step), for
/// timelines whose x is an index rather than a quantity.
/// </summary>
public static class StateTimelineChart
{
    public static string Svg(string title, string xLabel, IReadOnlyList<string> rowLabels, IReadOnlyList<string> stateOrder,
        IReadOnlyList<StateEvent> events, string idPrefix, IReadOnlyList<(double X, string Label)>? xTicks = null,
        int width = ChartStyle.Width, int height = ChartStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(stateOrder);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (e.Row < 0 || e.Row >= rowLabels.Count) throw new ArgumentException($"timeline '{title}': event row {e.Row} is outside 0..{rowLabels.Count - 1}", nameof(events));
            if (!stateOrder.Contains(e.State)) throw new ArgumentException($"timeline '{title}': state '{e.State}' is not one of {string.Join(", ", stateOrder)}", nameof(events));
            if (!double.IsFinite(e.X)) throw new ArgumentException($"timeline '{title}': event of row {e.Row} has a non-finite x {e.X}", nameof(events));
        }
        var plot = ChartStyle.NewPlot(title, xLabel, "");
        var shown = 0;
        for (var k = 0; k < stateOrder.Count; k++)
        {
            var ofState = events.Where(e => e.State == stateOrder[k]).ToArray();
            if (ofState.Length == 0) continue;
            var markers = plot.Add.Markers(ofState.Select(e => e.X).ToArray(), ofState.Select(e => (double)e.Row).ToArray(), MarkerShape.FilledSquare, 9, ChartStyle.SeriesColor(k));
            markers.LegendText = stateOrder[k];
            shown++;
        }
        if (rowLabels.Count > 0)
        {
            plot.Axes.Left.SetTicks(Enumerable.Range(0, rowLabels.Count).Select(i => (double)i).ToArray(), rowLabels.ToArray());
            plot.Axes.SetLimitsY(-0.5, rowLabels.Count - 0.5);
        }
        if (xTicks is { Count: > 0 })
        {
            plot.Axes.Bottom.SetTicks(xTicks.Select(t => t.X).ToArray(), xTicks.Select(t => t.Label).ToArray());
            plot.Axes.SetLimitsX(xTicks.Min(t => t.X) - 0.5, xTicks.Max(t => t.X) + 0.5);
        }
        if (events.Count == 0) plot.Add.Annotation("no observations yet", Alignment.MiddleCenter);
        // Beside the data area, never over it: the latest rung's column is where a legend inside would sit.
        if (shown > 0) plot.ShowLegend(Edge.Right);
        else plot.HideLegend();
        return StableSvg.Render(plot, width, height, idPrefix);
    }
}
