using Needle.Core.Rungs;

namespace Needle.Core.Tests.Rungs;

public sealed class HyperbandBracketsTests
{
    // (s, entry rung index, steps, population, steps without checkpoints, steps with checkpoints), worked by hand:
    // n_s = ⌈(s_max+1)/(s+1)·η^s⌉, alive at the i-th rung ⌊n_s/η^i⌋.
    [Fact]
    public void Three_fold_ladder_exact_table()
    {
        var table = HyperbandBrackets.For(RungLadder.ThreeFoldPlan);
        table.Select(b => (b.S, b.EntryRungIndex, Steps: string.Join(",", b.Steps), Pop: string.Join(",", b.Population),
                b.StepsWithoutCheckpoints, b.StepsWithCheckpoints))
            .Should().Equal(
                (3, 0, "1000,3000,9000,27000", "27,9,3,1", 108_000L, 81_000L),
                (2, 1, "3000,9000,27000", "12,4,1", 99_000L, 78_000L),
                (1, 2, "9000,27000", "6,2", 108_000L, 90_000L),
                (0, 3, "27000", "4", 108_000L, 108_000L));
    }

    [Fact]
    public void Six_rung_plan_exact_table()
    {
        var table = HyperbandBrackets.For(RungLadder.SixRungPlan);
        table.Select(b => (b.S, b.EntryRungIndex, Pop: string.Join(",", b.Population), b.StepsWithoutCheckpoints, b.StepsWithCheckpoints))
            .Should().Equal(
                (5, 0, "1024,256,64,16,4,1", 695_400L, 541_800L),
                (4, 1, "308,77,19,4,1", 669_000L, 528_500L),
                (3, 2, "96,24,6,1", 657_000L, 529_000L),
                (2, 3, "32,8,2", 674_000L, 546_000L),
                (1, 4, "12,3", 627_000L, 531_000L),
                (0, 5, "6", 486_000L, 486_000L));
    }

    [Fact]
    public void Every_bracket_ends_at_the_last_rung_and_keeps_at_least_one()
    {
        foreach (var ladder in new[] { RungLadder.SixRungPlan, RungLadder.ThreeFoldPlan, RungLadder.Geometric(10, 2, 6) })
        {
            foreach (var b in HyperbandBrackets.For(ladder))
            {
                b.Steps[^1].Should().Be(ladder.MaxStep);
                b.Population.Should().OnlyContain(n => n >= 1);
                b.Population.Should().BeInDescendingOrder();
            }
        }
    }
}
