namespace Needle.Core.Seeds;

/// <summary>
/// The plan's order for fresh seeds when a seed is killed or a leader is mirrored: φ-anchored seed_k (k = 1, 2, …),
/// then the leader's neighbours leader ± 1, ± 2, …, then seeded random — always skipping seeds already used,
/// so a study never runs the same (config, seed) twice.
/// </summary>
public static class ReplacementSeeds
{
    /// <summary>How many φ-anchored seeds are tried before falling back to the leader's neighbours.</summary>
    public const int PhiAnchoredWindow = 64;

    /// <summary>Seeds in the plan's order (φ-anchored, then leader ± d, then random), skipping <paramref name="used"/>.</summary>
    public static IEnumerable<uint> PlanOrder(uint leader, IReadOnlySet<uint> used, IRandomSource random)
    {
        var taken = new HashSet<uint>(used);
        foreach (var s in PhiAnchored(taken)) yield return s;
        foreach (var s in Siblings(leader, taken)) yield return s;
        foreach (var s in Random(random, taken)) yield return s;
    }

    /// <summary>φ-anchored seeds seed_1 … seed_64 not yet used (seed_0 = 10^6 is skipped: it is the anchor, not a φ step).</summary>
    public static IEnumerable<uint> PhiAnchored(ISet<uint> taken)
    {
        for (var k = 1; k <= PhiAnchoredWindow; k++)
        {
            var s = PhiAnchoredSeeds.Seed(k);
            if (taken.Add(s)) yield return s;
        }
    }

    /// <summary>leader + 1, leader − 1, leader + 2, … (wrapping in 32 bits), skipping used seeds.</summary>
    public static IEnumerable<uint> Siblings(uint leader, ISet<uint> taken)
    {
        for (uint d = 1; d < 1024; d++)
        {
            var up = unchecked(leader + d);
            if (taken.Add(up)) yield return up;
            var down = unchecked(leader - d);
            if (taken.Add(down)) yield return down;
        }
    }

    /// <summary>Uniform 32-bit seeds from <paramref name="random"/>, skipping used seeds.</summary>
    public static IEnumerable<uint> Random(IRandomSource random, ISet<uint> taken)
    {
        while (true)
        {
            var s = (uint)(random.NextUInt64() >> 32);
            if (taken.Add(s)) yield return s;
        }
    }
}
