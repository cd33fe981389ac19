using FsCheck;
using FsCheck.Fluent;
using Needle.Core.Invariants;
using Needle.Core.Rungs;
using System.Reflection;

namespace Needle.Core.Tests.Rungs;

public sealed class RungLadderTests
{
    [Fact]
    public void The_six_rung_plan_is_exactly_the_plans_list_with_eta_4_and_is_not_geometric()
    {
        var ladder = RungLadder.SixRungPlan;
        ladder.Steps.Should().Equal(100, 500, 2000, 8000, 32000, 81000);
        ladder.Eta.Should().Be(4);
        ladder.IsGeometric.Should().BeFalse("500/100 = 5 and 81000/32000 ≈ 2.5: the list is only roughly geometric");
        ladder.MaxStep.Should().Be(81000);
    }

    [Fact]
    public void The_three_fold_plan_is_1000_times_3_to_the_k()
    {
        var ladder = RungLadder.ThreeFoldPlan;
        ladder.Steps.Should().Equal(1000, 3000, 9000, 27000);
        ladder.Eta.Should().Be(3);
        ladder.IsGeometric.Should().BeTrue();
        RungLadder.Explicit([1000, 3000, 9000, 27000], 3).IsGeometric.Should().BeTrue();
    }

    [Theory]
    [InlineData(new long[] { 100, 100 }, "strictly increasing")]
    [InlineData(new long[] { 500, 100 }, "strictly increasing")]
    [InlineData(new long[] { 0, 100 }, "positive")]
    [InlineData(new long[0], "at least one rung")]
    public void Explicit_ladders_are_validated(long[] steps, string message)
    {
        var act = () => RungLadder.Explicit(steps, 4);
        act.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Eta_below_two_is_rejected() =>
        ((Action)(() => RungLadder.Geometric(100, 1, 3))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*η must be at least 2*");

    [Fact]
    public void A_family_that_starts_at_3000_enters_the_three_fold_ladder_at_its_second_rung()
    {
        RungLadder.ThreeFoldPlan.EntryIndexFor(3000).Should().Be(1);
        RungLadder.ThreeFoldPlan.EntryIndexFor(1001).Should().Be(1);
        RungLadder.ThreeFoldPlan.EntryIndexFor(0).Should().Be(0);
        RungLadder.SixRungPlan.EntryIndexFor(3000).Should().Be(3, "the first rung ≥ 3000 of the six-rung plan is 8000");
        ((Action)(() => RungLadder.ThreeFoldPlan.EntryIndexFor(27001))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Membership_and_next_rung()
    {
        var l = RungLadder.SixRungPlan;
        l.Contains(2000).Should().BeTrue();
        l.Contains(2001).Should().BeFalse();
        l.IndexOf(8000).Should().Be(3);
        l.IndexOf(7999).Should().Be(-1);
        l.NextRungAfter(0).Should().Be(100);
        l.NextRungAfter(2000).Should().Be(8000);
        l.NextRungAfter(81000).Should().BeNull();
    }

    [Theory]
    [InlineData("six", "100,500,2000,8000,32000,81000:4")]
    [InlineData("three", "1000x3^4")]
    [InlineData("1000x3^4", "1000x3^4")]
    [InlineData("100,500,2000:4", "100,500,2000:4")]
    [InlineData("100, 400, 1600 :4", "100x4^3")]
    public void Parse_reads_every_form_and_ToString_reads_back(string text, string canonical)
    {
        var ladder = RungLadder.Parse(text);
        ladder.ToString().Should().Be(canonical);
        RungLadder.Parse(ladder.ToString()).Should().Be(ladder);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("1000x3^")]
    [InlineData("100,abc:4")]
    public void Parse_errors_name_the_text_and_the_accepted_forms(string text) =>
        ((Action)(() => RungLadder.Parse(text))).Should().Throw<FormatException>().WithMessage($"*'{text}'*six, three*");

    [Fact]
    public void Geometric_ladders_are_r0_eta_k_strictly_increasing_and_their_own_members() =>
        Prop.ForAll(Gen.Choose(1, 5000).ToArbitrary(), Gen.Choose(2, 6).ToArbitrary(), Gen.Choose(1, 7).ToArbitrary(), (r0, eta, count) =>
        {
            var l = RungLadder.Geometric(r0, eta, count);
            var ok = l.IsGeometric && l.Count == count;
            for (var k = 0; k < count; k++)
            {
                ok &= l.Steps[k] == r0 * (long)Math.Pow(eta, k);
                ok &= l.Contains(l.Steps[k]) && l.IndexOf(l.Steps[k]) == k;
                if (k > 0) ok &= l.Steps[k] > l.Steps[k - 1] && !l.Contains(l.Steps[k] - 1);
            }
            return ok;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void RungLadder_is_the_code_that_enforces_INV_4() =>
        typeof(RungLadder).GetCustomAttributes<InvariantAttribute>().Select(a => a.Id).Should().Contain("INV-4");
}
