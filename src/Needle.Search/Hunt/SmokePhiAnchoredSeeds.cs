using Needle.Core.Canon;
using Needle.Core.Seeds;

namespace Needle.Search.Hunt;

/// <summary>
/// φ-anchored seeds for SMOKE-tagged runs. The plan's φ-anchored seeds (seed_k = ⌊φ^k·10^6⌋ mod 2^32) lie far outside
/// the smoke range 500–599 that the deploy rules demand of a SMOKE name, so a smoke replacement takes
/// 500 + (seed_k mod 100) for k = 1, 2, … — the same φ sequence folded into the range (seed_1 = 1 618 033 → 533) —
/// skipping every seed already used in the study, so it never collides with a declared smoke seed.
/// </summary>
public static class SmokePhiAnchoredSeeds
{
    /// <summary>Fresh smoke seeds in φ order, skipping <paramref name="taken"/> (which it extends).</summary>
    public static IEnumerable<uint> Fresh(ISet<uint> taken)
    {
        var range = (uint)(DeployValidator.SmokeSeedMax - DeployValidator.SmokeSeedMin + 1);
        for (var k = 1; k <= ReplacementSeeds.PhiAnchoredWindow; k++)
        {
            var s = (uint)DeployValidator.SmokeSeedMin + PhiAnchoredSeeds.Seed(k) % range;
            if (taken.Add(s)) yield return s;
        }
    }

    /// <summary>True when <paramref name="seed"/> is one of the first φ-anchored smoke seeds (what a report checks).</summary>
    public static bool IsPhiAnchored(uint seed)
    {
        var range = (uint)(DeployValidator.SmokeSeedMax - DeployValidator.SmokeSeedMin + 1);
        return Enumerable.Range(1, ReplacementSeeds.PhiAnchoredWindow)
            .Any(k => (uint)DeployValidator.SmokeSeedMin + PhiAnchoredSeeds.Seed(k) % range == seed);
    }
}
