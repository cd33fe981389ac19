namespace Needle.Reporting.Plots;

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
