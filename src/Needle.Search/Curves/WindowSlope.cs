namespace Needle.Search.Curves;

/// <summary>The least-squares slope of BPB against step over the last points of a curve (BPB per step).</summary>
public static class WindowSlope
{
    /// <summary>Default window: the last 10 reports.</summary>
    public const int DefaultWindow = 10;

    /// <summary>Slope over the last <paramref name="window"/> points, or null with fewer than 3 points.</summary>
    public static double? Of(IReadOnlyList<CurvePoint> curve, int window = DefaultWindow)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (window < 3) throw new ArgumentOutOfRangeException(nameof(window), window, "a slope needs a window of at least 3 points");
        var pts = curve.Skip(Math.Max(0, curve.Count - window)).ToArray();
        if (pts.Length < 3) return null;
        var mx = pts.Average(p => (double)p.Step);
        var my = pts.Average(p => p.Bpb);
        double sxy = 0, sxx = 0;
        foreach (var p in pts)
        {
            sxy += (p.Step - mx) * (p.Bpb - my);
            sxx += (p.Step - mx) * (p.Step - mx);
        }
        return sxx > 0 ? sxy / sxx : null;
    }
}
