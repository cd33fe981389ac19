using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>Where the legend goes: inside the data area for a few series, beside it for many, off when it would not fit.</summary>
internal static class ChartLegend
{
    /// <summary>Beyond this many entries a legend is unreadable; the report's tables name each colour instead.</summary>
    public const int MaxEntries = 24;

    public static void Place(Plot plot, int entries)
    {
        if (entries == 0 || entries > MaxEntries) { plot.HideLegend(); return; }
        if (entries <= 6) plot.ShowLegend(Alignment.UpperRight);
        else plot.ShowLegend(Edge.Right);
    }
}
