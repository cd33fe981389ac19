using MathNet.Numerics.Distributions;

namespace Needle.Core.Statistics;

/// <summary>
/// Welch's two-sample, one-tailed t-test of H1: mean(candidate) &lt; mean(baseline), unequal variances,
/// Welch–Satterthwaite degrees of freedom, exact Student-t CDF.
/// </summary>
public static class WelchTTest
{
    public static TTestResult LowerTail(IReadOnlyList<double> candidate, IReadOnlyList<double> baseline, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(alpha, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(alpha, 1);
        if (candidate.Concat(baseline).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("every value must be finite");
        const string name = "Welch two-sample t (lower tail)";
        var meanC = candidate.Count == 0 ? double.NaN : candidate.Average();
        var meanB = baseline.Count == 0 ? double.NaN : baseline.Average();
        if (candidate.Count < 2 || baseline.Count < 2)
            return new(name, candidate.Count, meanC, meanB, double.NaN, 0, 1, 1, alpha, Verdict.Indistinguishable,
                $"needs at least 2 values per group, got {candidate.Count} and {baseline.Count}");
        var vc = SampleStatistics.Variance(candidate) / candidate.Count;
        var vb = SampleStatistics.Variance(baseline) / baseline.Count;
        if (candidate.All(v => v == candidate[0]) && baseline.All(v => v == baseline[0]))
            return new(name, candidate.Count, meanC, meanB, double.NaN, 0, 1, 1, alpha, Verdict.Indistinguishable,
                "both groups have zero variance: t is undefined");
        var t = (meanC - meanB) / Math.Sqrt(vc + vb);
        var df = (vc + vb) * (vc + vb) /
                 (vc * vc / (candidate.Count - 1) + vb * vb / (baseline.Count - 1));
        var pLower = StudentT.CDF(0, 1, df, t);
        return new(name, candidate.Count, meanC, meanB, t, df, pLower, 1 - pLower, alpha,
            TTestResult.Decide(pLower, 1 - pLower, alpha), null);
    }
}
