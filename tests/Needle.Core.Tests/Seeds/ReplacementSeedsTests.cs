using Needle.Core.Seeds;

namespace Needle.Core.Tests.Seeds;

public sealed class ReplacementSeedsTests
{
    [Fact]
    public void Plan_order_is_phi_anchored_then_leader_neighbours_then_random_skipping_used_seeds()
    {
        var used = new HashSet<uint> { PhiAnchoredSeeds.Seed(2) };
        var seeds = ReplacementSeeds.PlanOrder(43, used, new SeededRandomSource(1)).Take(ReplacementSeeds.PhiAnchoredWindow + 3).ToList();
        seeds[0].Should().Be(PhiAnchoredSeeds.Seed(1));
        seeds[1].Should().Be(PhiAnchoredSeeds.Seed(3), "seed_2 is already used");
        seeds.Skip(ReplacementSeeds.PhiAnchoredWindow - 1).Take(3).Should().Equal(44u, 42u, 45u);
        seeds.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Random_fallback_is_seeded_and_never_repeats_a_used_seed()
    {
        var taken1 = new HashSet<uint> { 1, 2, 3 };
        var a = ReplacementSeeds.Random(new SeededRandomSource(9), taken1).Take(50).ToList();
        var b = ReplacementSeeds.Random(new SeededRandomSource(9), new HashSet<uint> { 1, 2, 3 }).Take(50).ToList();
        a.Should().Equal(b).And.OnlyHaveUniqueItems().And.NotContain([1u, 2u, 3u]);
    }
}
