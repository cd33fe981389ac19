namespace Needle.Core.Statistics;

/// <summary>Bonferroni correction: with k arms compared, each test runs at α / k (family-wise error ≤ α).</summary>
public static class Bonferroni
{
    public static double Alpha(double alpha, int arms)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(arms, 1);
        return alpha / arms;
    }
}
