using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>
/// Points without lines and a caption in the upper-left corner of the data area, e.g. a proxy score against the
/// BPB it predicts with "Spearman ρ = 0.81, n = 24". The caption is the caller's text: this chart computes nothing.
/// </summary>
public static class ScatterChart
{
    public static string Svg(string title, string xLabel, string yLabel, IReadOnlyList<PlotPoint> points, string caption, string idPrefix,
        int width = ChartStyle.Width, int height = ChartStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(caption);
        var bad = points.Select((p, i) => (p, i)).FirstOrDefault(t => !double.IsFinite(t.p.X) || !double.IsFinite(t.p.Y));
        if (points.Count > 0 && (!double.IsFinite(bad.p.X) || !double.IsFinite(bad.p.Y)))
            throw new ArgumentException($"scatter '{title}': point {bad.i} is not finite ({bad.p.X}, {bad.p.Y})", nameof(points));
        var plot = ChartStyle.NewPlot(title, xLabel, yLabel);
        if (points.Count > 0)
        {
            var dots = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), ChartStyle.SeriesColor(0));
            dots.LineWidth = 0;
            dots.MarkerSize = 7;
        }
        else plot.Add.Annotation("no data", Alignment.MiddleCenter);
        if (caption.Length > 0) plot.Add.Annotation(caption, Alignment.UpperLeft);
        plot.HideLegend();
        return StableSvg.Render(plot, width, height, idPrefix);
    }
}
