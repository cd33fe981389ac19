namespace Needle.Core.Statistics;

/// <summary>Unbiased sample variance and standard deviation (n − 1 in the denominator).</summary>
public static class SampleStatistics
{
    public static double Variance(IReadOnlyList<double> values)
    {
        if (values.Count < 2) throw new ArgumentException("variance needs at least 2 values", nameof(values));
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }

    public static double StandardDeviation(IReadOnlyList<double> values) => Math.Sqrt(Variance(values));
}
