using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using Needle.Core.Invariants;
using Needle.Core.Rungs;
using Needle.Search.Asha;

namespace Needle.Search.Tests.Asha;

public sealed class AshaSchedulerTests
{
    private static readonly RungLadder Ladder = RungLadder.ThreeFoldPlan; // η = 3

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(9, 3)]
    [InlineData(10, 3)]
    public void Keep_count_is_floor_n_over_eta_but_never_zero(int n, int keep) => AshaScheduler.KeepCount(n, 3).Should().Be(keep);

    [Fact]
    public void Arrivals_are_promoted_only_when_in_the_top_third_of_what_is_recorded()
    {
        var asha = new AshaScheduler(Ladder);
        // value → expected outcome at its arrival (lower is better).
        var arrivals = new (double Value, RungOutcome Expected, int Rank)[]
        {
            (2.0, RungOutcome.Promote, 0), // alone: the champion goes on
            (2.5, RungOutcome.Stop, 1),    // n=2, keep 1
            (1.9, RungOutcome.Promote, 0), // new best
            (2.1, RungOutcome.Stop, 2),    // n=4, keep 1
            (2.2, RungOutcome.Stop, 3),    // n=5, keep 1
            (1.95, RungOutcome.Promote, 1), // n=6, keep 2: second best
            (3.0, RungOutcome.Stop, 6),
        };
        for (var i = 0; i < arrivals.Length; i++)
        {
            var d = asha.Report(i, 0, 1000, arrivals[i].Value);
            d.Outcome.Should().Be(arrivals[i].Expected, $"arrival {i} ({arrivals[i].Value})");
            d.Rank.Should().Be(arrivals[i].Rank);
            d.Competitors.Should().Be(i + 1);
        }
    }

    [Fact]
    public void The_last_rung_completes_and_non_rungs_are_rejected()
    {
        var asha = new AshaScheduler(Ladder);
        asha.Report(1, 0, 27000, 1.9).Outcome.Should().Be(RungOutcome.Complete);
        ((Action)(() => asha.Report(2, 0, 2000, 1.0))).Should().Throw<ArgumentException>().WithMessage("*not a rung*");
        ((Action)(() => asha.Report(1, 0, 27000, 1.8))).Should().Throw<InvalidOperationException>().WithMessage("*decided once*");
        ((Action)(() => asha.Report(3, 2, 1000, 1.8))).Should().Throw<ArgumentException>().WithMessage("*enters the ladder after*");
    }

    [Fact]
    public void Non_finite_results_are_never_promoted_even_alone()
    {
        var asha = new AshaScheduler(Ladder);
        asha.Report(1, 0, 1000, double.NaN).Outcome.Should().Be(RungOutcome.Stop);
        asha.Report(2, 0, 1000, 5.0).Outcome.Should().Be(RungOutcome.Promote);
    }

    [Fact]
    public void Brackets_are_judged_separately()
    {
        var asha = new AshaScheduler(Ladder);
        asha.Report(1, 0, 3000, 1.0);
        asha.Report(2, 1, 3000, 2.0).Outcome.Should().Be(RungOutcome.Promote, "bracket 1 has its own rung 3000");
    }

    [Fact]
    public void Restored_state_decides_like_the_original()
    {
        var original = new AshaScheduler(Ladder);
        var restored = new AshaScheduler(Ladder);
        var values = new[] { 2.0, 2.3, 1.7, 2.9, 2.2, 1.8, 2.05 };
        for (var i = 0; i < values.Length - 1; i++)
        {
            var d = original.Report(i, 0, 1000, values[i]);
            restored.Restore(new RungResult(d.TrialId, d.Bracket, d.RungStep, d.Value));
        }
        restored.Report(99, 0, 1000, values[^1]).Should().BeEquivalentTo(original.Report(99, 0, 1000, values[^1]));
    }

    [Fact]
    public void INV_5_the_best_result_at_a_rung_is_always_promoted_while_at_least_one_is_kept() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(0, 400).Select(v => 1.0 + v / 100.0)).Select(l => l.ToArray()).ToArbitrary(),
            Gen.Choose(2, 5).ToArbitrary(),
            (values, eta) =>
            {
                var asha = new AshaScheduler(RungLadder.Geometric(10, eta, 3));
                var best = double.PositiveInfinity;
                var promoted = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    var d = asha.Report(i, 0, 10, values[i]);
                    if (d.Outcome == RungOutcome.Promote) promoted++;
                    // Whoever is the champion on arrival (ties included) continues.
                    if (values[i] <= best && d.Outcome != RungOutcome.Promote) return false;
                    best = Math.Min(best, values[i]);
                    // And at every moment the current champion has been promoted: it was champion when it arrived.
                }
                return values.Length == 0 || promoted >= 1;
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Promotions_at_arrival_never_exceed_the_top_fraction_plus_new_champions() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 1000)).Select(l => l.Select(v => v / 100.0).ToArray()).ToArbitrary(), values =>
        {
            var asha = new AshaScheduler(Ladder);
            return values.Select((v, i) => asha.Report(i, 0, 1000, v)).All(d => d.Outcome != RungOutcome.Promote || d.Rank < d.KeepCount);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void AshaScheduler_is_the_code_that_enforces_INV_5() =>
        typeof(AshaScheduler).GetCustomAttributes<InvariantAttribute>().Select(a => a.Id).Should().Contain("INV-5");
}
