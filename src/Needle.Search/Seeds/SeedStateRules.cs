namespace Needle.Search.Seeds;

/// <summary>
/// The thresholds of the seed-state rules. The plan's four rules overlap and leave gaps; these defaults make them a
/// total function (see <see cref="SeedStateClassifier"/> for the order in which they apply).
/// </summary>
/// <param name="ParallelGap">Δ above which a flat seed is "parallel losing" (plan: 0.05 BPB).</param>
/// <param name="DivergingSlope">Slope above which a losing seed is diverging (plan: +0.001 BPB/step).</param>
/// <param name="FlatSlope">|slope| at or below this is "≈ 0" (BPB/step). The plan gives no number; 1e-5/step is
/// 0.01 BPB per 1000 steps, below the noise of a 100k-byte validation.</param>
/// <param name="MirrorCount">Siblings mirrored for a leading seed (plan: 3).</param>
public sealed record SeedStateRules(
    double ParallelGap = 0.05, double DivergingSlope = 0.001, double FlatSlope = 1e-5, int MirrorCount = 3)
{
    /// <summary>The plan's numbers.</summary>
    public static SeedStateRules Plan { get; } = new();
}
