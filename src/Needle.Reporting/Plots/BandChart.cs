using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>
/// Lines with bands: each series' centre (e.g. the median regret over repetitions) as a solid line and its band
/// (e.g. the interquartile range) as a translucent fill of the same colour. Series i gets <see cref="ChartStyle.SeriesColor"/>(i).
/// </summary>
public static class BandChart
{
    public static string Svg(string title, string xLabel, string yLabel, IReadOnlyList<BandSeries> series, string idPrefix,
        int width = ChartStyle.Width, int height = ChartStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = ChartStyle.NewPlot(title, xLabel, yLabel);
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            s.Validate();
            if (s.X.Count == 0) continue;
            var color = ChartStyle.SeriesColor(i);
            var band = plot.Add.FillY(s.X.ToArray(), s.Lower.ToArray(), s.Upper.ToArray());
            band.FillColor = color.WithAlpha(0.2);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(s.X.ToArray(), s.Center.ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = s.Label;
        }
        if (series.All(s => s.X.Count == 0)) plot.Add.Annotation("no data", Alignment.MiddleCenter);
        ChartLegend.Place(plot, series.Count(s => s.X.Count > 0));
        return StableSvg.Render(plot, width, height, idPrefix);
    }
}
