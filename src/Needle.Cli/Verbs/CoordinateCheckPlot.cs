using System.Globalization;
using Needle.Reporting.Plots;
using Needle.Training.Models;
using Needle.Training.Mup;

namespace Needle.Cli.Verbs;

/// <summary>muP's pictures: the coordinate check (one panel per site, mean |x| against width, log–log, one line per
/// step) and µTransfer's (validation BPB against learning rate, one line per parametrization and width).</summary>
internal static class CoordinateCheckPlot
{
    private const int PanelWidth = 420, PanelHeight = 300;

    public static string Svg(CoordinateCheckResult result)
    {
        var s = result.Settings;
        var panels = result.Sites.Select((site, i) => LinesChart.Svg(
            string.Create(CultureInfo.InvariantCulture, $"{site.Site} ({MupScaling.Name(s.Parametrization)}) max|slope| {site.MaxAbsSlope:F2}"),
            "width (d_model)", "mean |x|",
            Enumerable.Range(0, s.Steps).Select(t => new LineSeries($"step {t}",
                s.Widths.Select((w, wi) => new PlotPoint(w, site.MeanAbs[wi][t])).Where(p => p.Y > 0).ToList())).ToList(),
            $"cc{i}", logX: true, logY: true, width: PanelWidth, height: PanelHeight)).ToList();
        return LinesChart.Grid(panels, 4, PanelWidth, PanelHeight);
    }

    public static string Svg(LrTransferResult result) => LinesChart.Svg(
        $"µTransfer: validation BPB after {result.Settings.Steps} steps against learning rate",
        "learning rate", "validation BPB (whole split)",
        result.Points.GroupBy(p => (p.Parametrization, p.Width)).Select(g => new LineSeries($"{g.Key.Parametrization} width {g.Key.Width}",
            g.OrderBy(p => p.Lr).Select(p => new PlotPoint(p.Lr, p.ValBpb)).ToList())).ToList(),
        "lrt", logX: true);
}
