using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>The look every chart shares: size, typeface, series colours. One place, so the pages look like one report.</summary>
public static class ChartStyle
{
    public const int Width = 800;
    public const int Height = 480;

    /// <summary>Debian's fonts-dejavu-core; named explicitly so the text metrics do not depend on the font search order.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>
    /// The colour of series <paramref name="index"/>: the ten Category10 colours first (what readers know), then
    /// hues spaced by the golden angle at two lightnesses, so every series of a chart gets its own colour (a test can
    /// then find each series in the SVG by its stroke).
    /// </summary>
    public static Color SeriesColor(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index < Category10.Length) return Color.FromHex(Category10[index]);
        var k = index - Category10.Length;
        var hue = (k * 137.508 + 15) % 360 / 360.0;
        var lightness = k % 2 == 0 ? 0.38 : 0.55;
        return Color.FromHSL((float)hue, 0.65f, (float)lightness);
    }

    /// <summary>The colour as #RRGGBB, the way it appears in the SVG and in the report's tables.</summary>
    public static string Hex(Color color) => $"#{color.R:X2}{color.G:X2}{color.B:X2}";

    internal static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static readonly string[] Category10 =
        ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF"];
}
