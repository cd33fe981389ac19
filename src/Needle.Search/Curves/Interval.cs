namespace Needle.Search.Curves;

/// <summary>A two-sided confidence interval [Lower, Upper] at the stated level (0.95 = 95%).</summary>
public readonly record struct Interval(double Lower, double Upper, double Level)
{
    public bool Contains(double x) => x >= Lower && x <= Upper;
    public double HalfWidth => (Upper - Lower) / 2;
}
