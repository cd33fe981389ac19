namespace Needle.Reporting.Plots;

/// <summary>One point of a chart, in data units.</summary>
public readonly record struct PlotPoint(double X, double Y);

/// <summary>
/// A line with a band around it, sampled at the same x: a fitted curve with its confidence band, or a median with
/// its interquartile range. <see cref="Lower"/> ≤ <see cref="Upper"/> at every x; the centre need not lie inside
/// (a mean can leave an asymmetric band), but usually does.
/// </summary>
public sealed record BandSeries(
    string Label, IReadOnlyList<double> X, IReadOnlyList<double> Center, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper)
{
    /// <summary>Throws with the series' label and the first offending index when the arrays do not describe a band.</summary>
    public void Validate()
    {
        var n = X.Count;
        if (Center.Count != n || Lower.Count != n || Upper.Count != n)
            throw new ArgumentException($"band '{Label}': x has {n} values, centre {Center.Count}, lower {Lower.Count}, upper {Upper.Count}; they must be equal");
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(X[i]) || !double.IsFinite(Center[i]) || !double.IsFinite(Lower[i]) || !double.IsFinite(Upper[i]))
                throw new ArgumentException($"band '{Label}': value {i} is not finite (x {X[i]}, centre {Center[i]}, lower {Lower[i]}, upper {Upper[i]})");
            if (Lower[i] > Upper[i])
                throw new ArgumentException($"band '{Label}': at index {i} (x {X[i]}) lower {Lower[i]} > upper {Upper[i]}");
            if (i > 0 && X[i] <= X[i - 1])
                throw new ArgumentException($"band '{Label}': x must increase (index {i}: {X[i - 1]} then {X[i]})");
        }
    }
}

/// <summary>What happened to a trial at a rung: shown as a marker on its learning curve.</summary>
public enum RungMarkKind
{
    /// <summary>Promoted to the next rung (ASHA kept it).</summary>
    Promoted,

    /// <summary>Stopped at this rung (pruned, or stopped early by the race).</summary>
    Pruned,
}

/// <summary>A rung decision drawn at (step, BPB) on a trial's curve.</summary>
public readonly record struct RungMark(double X, double Y, RungMarkKind Kind);

/// <summary>
/// One trial on the learning-curve chart: the observed points, optionally the power-law fit with its band (null when
/// the fit had insufficient evidence — the chart then shows the observed curve alone), and its rung decisions.
/// </summary>
public sealed record TrialCurve(string Label, IReadOnlyList<PlotPoint> Observed, BandSeries? Fit, IReadOnlyList<RungMark> Marks);

/// <summary>One state observation on a timeline: row <see cref="Row"/> (e.g. a seed) was in <see cref="State"/> at <see cref="X"/>.</summary>
public readonly record struct StateEvent(int Row, double X, string State);
