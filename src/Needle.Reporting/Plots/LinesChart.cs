using System.Globalization;
using System.Text;
using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>One labelled line of a <see cref="LinesChart"/>.</summary>
public sealed record LineSeries(string Label, IReadOnlyList<PlotPoint> Points);

/// <summary>
/// Plain lines with markers, one colour per series (<see cref="ChartStyle.SeriesColor"/>), optionally on base-10
/// logarithmic axes (muP's coordinate check: mean |x| against width; µTransfer: BPB against learning rate).
/// <see cref="Grid"/> lays several charts out as panels of one SVG document.
/// </summary>
public static class LinesChart
{
    public static string Svg(string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series, string idPrefix,
        bool logX = false, bool logY = false, int width = ChartStyle.Width, int height = ChartStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = ChartStyle.NewPlot(title, xLabel, yLabel);
        if (logX) LogAxis.Apply(plot.Axes.Bottom);
        if (logY) LogAxis.Apply(plot.Axes.Left);
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var points = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
            if (points.Length == 0) continue;
            var xs = points.Select(p => logX ? LogAxis.Of(p.X, s.Label) : p.X).ToArray();
            var ys = points.Select(p => logY ? LogAxis.Of(p.Y, s.Label) : p.Y).ToArray();
            var line = plot.Add.Scatter(xs, ys, ChartStyle.SeriesColor(i));
            line.LineWidth = 2;
            line.MarkerSize = 5;
            line.LegendText = s.Label;
        }
        if (series.All(s => s.Points.Count == 0)) plot.Add.Annotation("no data", Alignment.MiddleCenter);
        ChartLegend.Place(plot, series.Count);
        return StableSvg.Render(plot, width, height, idPrefix);
    }

    /// <summary>Panels (each an SVG document of <paramref name="panelWidth"/>×<paramref name="panelHeight"/>) in rows of
    /// <paramref name="columns"/>, nested in one SVG document.</summary>
    public static string Grid(IReadOnlyList<string> panels, int columns, int panelWidth, int panelHeight)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "at least one column");
        int rows = (panels.Count + columns - 1) / columns;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{columns * panelWidth}\" height=\"{rows * panelHeight}\">\n");
        for (int i = 0; i < panels.Count; i++)
        {
            var inner = panels[i];
            int start = inner.IndexOf("<svg", StringComparison.Ordinal);
            if (start < 0) throw new ArgumentException($"panel {i} is not an SVG document");
            inner = inner[start..];
            inner = string.Create(CultureInfo.InvariantCulture, $"<svg x=\"{i % columns * panelWidth}\" y=\"{i / columns * panelHeight}\"") + inner[4..];
            sb.Append(inner).Append('\n');
        }
        return sb.Append("</svg>\n").ToString();
    }
}
