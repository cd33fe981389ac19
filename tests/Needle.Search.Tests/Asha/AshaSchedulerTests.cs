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

    /// <summary>
    /// Every decision against an oracle that knows nothing of the scheduler: sort the results recorded so far (this one
    /// included; NaN last), and promote iff this result's value is among the best max(1, ⌊n/η⌋) values — the decision's
    /// own Rank and KeepCount are never consulted, so a wrong rank, keep count or comparison shows up as a mismatch.
    /// </summary>
    [Fact]
    public void Every_arrival_is_decided_as_an_independent_sort_of_the_results_so_far_says() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Frequency((9, Gen.Choose(0, 60).Select(v => v / 10.0)), (1, Gen.Constant(double.NaN)))).Select(l => l.ToArray()).ToArbitrary(),
            Gen.Choose(2, 4).ToArbitrary(),
            (values, eta) =>
            {
                var asha = new AshaScheduler(RungLadder.Geometric(10, eta, 3));
                var seen = new List<double>();
                for (var i = 0; i < values.Length; i++)
                {
                    seen.Add(values[i]);
                    var sorted = seen.Where(double.IsFinite).OrderBy(v => v).ToList();
                    var keep = seen.Count / eta < 1 ? 1 : seen.Count / eta;
                    // Ties share a place: promoted iff fewer than `keep` results are strictly better.
                    var expected = double.IsFinite(values[i]) && sorted.TakeWhile(v => v < values[i]).Count() < keep;
                    var d = asha.Report(i, 0, 10, values[i]);
                    if ((d.Outcome == RungOutcome.Promote) != expected || d.Competitors != seen.Count) return false;
                }
                return true;
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_planted_wrong_rule_is_caught_by_the_oracle()
    {
        // The oracle above must be able to fail: ranking by ≤ instead of < (ties pushed down) disagrees on [2, 2] with η 2.
        var asha = new AshaScheduler(RungLadder.Geometric(10, 2, 3));
        asha.Report(0, 0, 10, 2.0);
        var tie = asha.Report(1, 0, 10, 2.0);
        tie.Outcome.Should().Be(RungOutcome.Promote, "a tie with the champion is a champion (INV-5); a ≤ ranking would stop it");
    }

    [Fact]
    public void AshaScheduler_is_the_code_that_enforces_INV_5() =>
        typeof(AshaScheduler).GetCustomAttributes<InvariantAttribute>().Select(a => a.Id).Should().Contain("INV-5");
}
