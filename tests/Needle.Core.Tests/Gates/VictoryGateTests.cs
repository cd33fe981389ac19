using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using Needle.Core.Gates;
using Needle.Core.Invariants;
using Needle.Core.Ledger;
using Needle.Core.Statistics;
using Needle.Core.Tests.Ledger;

namespace Needle.Core.Tests.Gates;

public sealed class VictoryGateTests
{
    private static readonly GateBook Book = Rows.Book;

    private static GateOutcome Evaluate(IEnumerable<LedgerRow> rows, string gate = "gate-final", VictoryOptions? options = null) =>
        VictoryGate.Evaluate(Rows.Entries(rows), Book, Book.Find(gate), Rows.Git, options);

    private static IEnumerable<GateRule> Rules(GateOutcome o) => o.AllFindings.Select(f => f.Rule).Distinct();

    [Fact]
    public void Gates_file_holds_the_issue_numbers()
    {
        var g2 = Book.Find("gate-2");
        var gf = Book.Find("gate-final");
        (g2.TargetBpb, g2.Seeds, g2.MinStep, g2.Mu0, g2.Alpha).Should().BeEquivalentTo((1.85, new[] { 43, 44, 45 }, 4000, 1.55, 0.01));
        (gf.TargetBpb, gf.Seeds, gf.MinDistinctSeeds).Should().BeEquivalentTo((1.50, new[] { 42, 43, 44 }, 3));
        (Book.PlausibilityMin, Book.PlausibilityMax, Book.ArchitecturalFloor, Book.ReproductionTolerance).Should().Be((0.85, 2.30, 1.89, 0.01));
    }

    [Fact]
    public void Three_reproduced_reviewed_seeds_significantly_below_mu0_are_a_victory()
    {
        var o = Evaluate(Rows.Victory());
        o.IsVictory.Should().BeTrue();
        o.ExitCode.Should().Be(0);
        o.Claims.Should().ContainSingle().Which.OneSample!.Verdict.Should().Be(Verdict.Better);
    }

    [Fact]
    public void The_target_is_strict()
    {
        var o = Evaluate(Rows.Victory((42, 1.42), (43, 1.44), (44, 1.50)));
        o.GatePassed.Should().BeFalse();
        o.ExitCode.Should().Be(LedgerExitCodes.GateRejected);
        Rules(o).Should().Contain(GateRule.NotEnoughSeeds);
    }

    [Theory]
    [InlineData(4000, 0.85, true)]
    [InlineData(3999, 0.85, false)]
    [InlineData(4000, 0.8499, false)]
    public void Step_and_band_boundaries_are_inclusive(int step, double lowest, bool passes)
    {
        var rows = Rows.Victory((42, lowest), (43, 0.87), (44, 0.86))
            .Select(r => r.Seed == 42 ? r with { Step = step, Bpb = lowest } : r);
        Evaluate(rows).GatePassed.Should().Be(passes);
    }

    [Fact]
    public void Gate_passed_but_not_significant_is_exit_2()
    {
        // gate-2: all below 1.85 but nowhere near μ0 = 1.55.
        var o = Evaluate(Rows.Victory((43, 1.80), (44, 1.83), (45, 1.81)), "gate-2");
        o.GatePassed.Should().BeTrue();
        o.IsVictory.Should().BeFalse();
        o.ExitCode.Should().Be(LedgerExitCodes.NotSignificant);
        o.Claims.Single().Verdict.Should().Be(Verdict.Worse);
    }

    [Fact]
    public void Bonferroni_arms_can_turn_a_victory_into_not_significant()
    {
        var rows = Rows.Victory((42, 1.40), (43, 1.45), (44, 1.44));
        Evaluate(rows).ExitCode.Should().Be(0);
        Evaluate(rows, options: new VictoryOptions(Arms: 7)).ExitCode.Should().Be(LedgerExitCodes.NotSignificant);
    }

    [Fact]
    public void A_baseline_adds_a_welch_test_that_must_also_be_better()
    {
        var rows = Rows.Victory();
        var better = Evaluate(rows, options: new VictoryOptions(BaselineBpbs: [1.60, 1.62, 1.61]));
        better.Claims.Single().Welch!.Verdict.Should().Be(Verdict.Better);
        better.IsVictory.Should().BeTrue();
        var tied = Evaluate(rows, options: new VictoryOptions(BaselineBpbs: [1.40, 1.46, 1.43]));
        tied.Claims.Single().Welch!.Verdict.Should().Be(Verdict.Indistinguishable);
        tied.ExitCode.Should().Be(LedgerExitCodes.NotSignificant);
    }

    [Fact]
    public void Other_claims_and_failed_attempts_do_not_block_a_victorious_claim()
    {
        var rows = Rows.Victory().Concat([Rows.Row("other-42", 42, 1.95, claim: "IGLA-HYBRID-FP32-E0102")]);
        var o = Evaluate(rows);
        o.Claims.Should().HaveCount(2);
        o.IsVictory.Should().BeTrue();
    }

    [Fact]
    public void The_tripwire_covers_every_row_of_the_ledger_and_outranks_victory()
    {
        var rows = Rows.Victory().Concat([Rows.Row("stray", 7, 1.20, reviewedBy: null, claim: "IGLA-NCA-FP32-E0200")]);
        var o = Evaluate(rows);
        o.IsTripwire.Should().BeTrue();
        o.ExitCode.Should().Be(LedgerExitCodes.Tripwire);
        o.Tripwires.Should().ContainSingle().Which.RunId.Should().Be("stray");
    }

    [Fact]
    public void A_failed_reproduction_is_never_outvoted_by_a_good_one()
    {
        var rows = Rows.Victory().Append(Rows.Row("r43-y", 43, 1.44 + 0.05, reproduces: "r43"));
        var o = Evaluate(rows);
        o.GatePassed.Should().BeFalse();
        o.AllFindings.Should().Contain(f => f.Rule == GateRule.ReproductionDisagrees && f.RunId == "r43-y");
    }

    [Fact]
    public void A_reproduction_must_name_the_same_canon_and_seed()
    {
        var rows = Rows.Victory().Where(r => r.RunId != "r44-x")
            .Append(Rows.Row("r44-x", 44, 1.43, reproduces: "r44", claim: "IGLA-ATTN-FP16-E0101"));
        Evaluate(rows).AllFindings.Should().Contain(f => f.Rule == GateRule.ReproductionMismatch && f.RunId == "r44-x");
    }

    [Fact]
    public void Gate_rows_must_use_the_canonical_split()
    {
        var rows = Rows.Victory().Select(r => r.RunId == "r42" ? r with { Split = "val-first-100000" } : r);
        var o = Evaluate(rows);
        o.ExitCode.Should().Be(LedgerExitCodes.GateRejected);
        o.AllFindings.Should().ContainSingle(f => f.Rule == GateRule.SplitMismatch).Which.RunId.Should().Be("r42");
    }

    [Fact]
    public void An_empty_ledger_is_rejected_with_a_reason() =>
        Evaluate([]).LedgerFindings.Should().ContainSingle().Which.Rule.Should().Be(GateRule.NotEnoughSeeds);

    [Fact]
    public void The_verdict_is_marked_as_inv_6()
    {
        var method = typeof(VictoryGate).GetMethod(nameof(VictoryGate.Evaluate))!;
        method.GetCustomAttributes<InvariantAttribute>().Select(a => a.Id).Should().Equal("INV-6");
    }

    [Fact]
    public void Row_order_never_changes_a_verdict()
    {
        // Ledgers mixing winners, losers, duplicates, reproductions and strays; every permutation must agree.
        var pool = Rows.Victory((42, 1.42), (43, 1.44), (44, 1.43))
            .Concat([
                Rows.Row("dup-43", 43, 1.30),
                Rows.Row("slow-44", 44, 1.46, step: 3000, claim: "IGLA-ATTN-FP32-E0102"),
                Rows.Row("b42", 42, 1.41, claim: "IGLA-ATTN-FP32-E0102"),
                Rows.Row("b43", 43, 1.47, claim: "IGLA-ATTN-FP32-E0102"),
                Rows.Row("b42-x", 42, 1.415, reproduces: "b42", claim: "IGLA-ATTN-FP32-E0102"),
                Rows.Row("off-46", 46, 1.40, claim: "IGLA-ATTN-FP32-E0102"),
                Rows.Row("unreviewed", 45, 1.60, reviewedBy: null, claim: "IGLA-PHI-FP32-E0300"),
            ]).ToArray();
        var gen = from mask in Gen.Choose(0, (1 << pool.Length) - 1)
                  let subset = pool.Where((_, i) => (mask & (1 << i)) != 0).ToArray()
                  from shuffled in Gen.Shuffle(subset)
                  select (subset, shuffled);
        Prop.ForAll(gen.ToArbitrary(), p => Signature(Evaluate(p.subset)) == Signature(Evaluate(p.shuffled)))
            .QuickCheckThrowOnFailure();
    }

    private static string Signature(GateOutcome o) =>
        $"{o.ExitCode}|" + string.Join(";", o.Claims.Select(c =>
            $"{c.Claim}:{c.GatePassed}:{c.Verdict}:{c.OneSample?.T:R}:{string.Join(",", c.GateRows.Select(e => e.Row.RunId))}:" +
            string.Join(",", c.Findings.Select(f => $"{f.Rule}/{f.RunId}")))) +
        "|" + string.Join(",", o.Tripwires.Select(t => t.RunId).Order());
}
