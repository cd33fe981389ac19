using Needle.Cli.Race;
using Needle.Core.Rungs;

namespace Needle.Cli.Tests.Race;

/// <summary>How a budget-filling race stretches its space's ladder (the arithmetic; the race itself is in FillBudgetRaceTests).</summary>
public sealed class BudgetSizedLadderTests
{
    private static readonly RungLadder SeedHunt = RungLadder.Parse("500,2000,8000:4");

    [Fact]
    public void Wall_time_counts_waves_of_parallel_trials_and_the_lone_winner()
    {
        // 12 trials at 500 in 6 waves of 2; 3 survive to 2000 (2 waves of 1500); 1 to 8000 alone (6000).
        BudgetSizedLadder.WallSteps(SeedHunt, trials: 12, parallel: 2).Should().Be(6 * 500 + 2 * 1500 + 6000);
        // One at a time: every surviving trial in turn.
        BudgetSizedLadder.WallSteps(SeedHunt, trials: 12, parallel: 1).Should().Be(12 * 500 + 3 * 1500 + 6000);
    }

    [Fact]
    public void An_hour_at_30_steps_per_second_stretches_every_rung_by_the_same_factor()
    {
        // 80% of 3600 s at 30 steps/s = 86,400 step-times over a plan of 12,000: factor 7.2.
        var sized = BudgetSizedLadder.Size(SeedHunt, 12, 2, reportEvery: 100, stepsPerSecond: 30, TimeSpan.FromHours(1));
        sized.Steps.Should().Equal(3600, 14400, 57600);
        sized.Eta.Should().Be(4);
        BudgetSizedLadder.WallSteps(sized, 12, 2).Should().BeLessThanOrEqualTo((long)(BudgetSizedLadder.Fill * 3600 * 30));
    }

    [Fact]
    public void Rungs_stay_on_the_report_cadence_and_strictly_increasing()
    {
        var sized = BudgetSizedLadder.Size(RungLadder.Parse("20,40,80:2"), 8, 2, reportEvery: 10, stepsPerSecond: 7.3, TimeSpan.FromMinutes(3));
        sized.Steps.Should().OnlyContain(r => r % 10 == 0);
        sized.Steps.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        sized.Steps[^1].Should().BeGreaterThan(80);
    }

    [Fact]
    public void A_budget_the_ladder_already_fills_leaves_it_as_written()
    {
        BudgetSizedLadder.Size(SeedHunt, 12, 2, 100, stepsPerSecond: 30, TimeSpan.FromMinutes(5)).Should().BeSameAs(SeedHunt);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_speed_that_is_not_positive_and_finite_is_refused(double speed)
    {
        var act = () => BudgetSizedLadder.Size(SeedHunt, 12, 2, 100, speed, TimeSpan.FromHours(1));
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*stepsPerSecond*");
    }
}
