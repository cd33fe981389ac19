using MathNet.Numerics.Distributions;

namespace Needle.Core.Statistics;

/// <summary>
/// One-sample, one-tailed Student t-test of H1: mean &lt; μ0, with df = n − 1 and MathNet's exact Student-t
/// CDF (docs/decisions.md: why μ0 = 1.55 and an exact CDF).
/// </summary>
public static class OneSampleTTest
{
    public static TTestResult LowerTail(IReadOnlyList<double> values, double mu0, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(alpha, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(alpha, 1);
        if (values.Any(v => !double.IsFinite(v)))
            throw new ArgumentException("every value must be finite", nameof(values));
        var n = values.Count;
        var mean = n == 0 ? double.NaN : values.Average();
        if (n < 2)
            return Undefined(n, mean, mu0, alpha, $"needs at least 2 values, got {n}");
        // Compare the values themselves: their mean can carry rounding, making a "zero" variance 1e-32.
        if (values.All(v => v == values[0]))
            return Undefined(n, mean, mu0, alpha, "all values are identical (zero variance): t is undefined; identical BPBs across seeds are themselves suspicious");
        var sd = SampleStatistics.StandardDeviation(values);
        var t = (mean - mu0) / (sd / Math.Sqrt(n));
        double df = n - 1;
        var pLower = StudentT.CDF(0, 1, df, t);
        var pUpper = 1 - pLower;
        return new TTestResult("one-sample t (lower tail)", n, mean, mu0, t, df, pLower, pUpper, alpha,
            TTestResult.Decide(pLower, pUpper, alpha), null);
    }

    /// <summary>The one-tailed critical value t* with P(T ≤ −t*) = α for df degrees of freedom.</summary>
    public static double CriticalValue(double alpha, double df) => -StudentT.InvCDF(0, 1, df, alpha);

    private static TTestResult Undefined(int n, double mean, double mu0, double alpha, string why) =>
        new("one-sample t (lower tail)", n, mean, mu0, double.NaN, Math.Max(n - 1, 0), 1, 1, alpha, Verdict.Indistinguishable, why);
}
