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
    private static readonly PreregisteredPlan Plan = Rows.Plan;

    private static GateOutcome Evaluate(IEnumerable<LedgerRow> rows, string gate = "gate-final", VictoryOptions? options = null) =>
        VictoryGate.Evaluate(Rows.Entries(rows), Book, Plan, Book.Find(gate), Rows.Git,
            (options ?? new VictoryOptions()) with { Clock = options?.Clock ?? Rows.Clock });

    private static IEnumerable<GateRule> Rules(GateOutcome o) => o.AllFindings.Select(f => f.Rule).Distinct();

    [Fact]
    public void Gates_file_holds_the_issue_numbers()
    {
        var g2 = Book.Find("gate-2");
        var gf = Book.Find("gate-final");
        (g2.TargetBpb, g2.Seeds, g2.MinStep, g2.Mu0, g2.Alpha).Should().BeEquivalentTo((1.85, new[] { 43, 44, 45 }, 4000, 1.55, 0.01));
        (gf.TargetBpb, gf.Seeds, gf.MinDistinctSeeds).Should().BeEquivalentTo((1.50, new[] { 42, 43, 44 }, 3));
        (Book.PlausibilityMin, Book.PlausibilityMax, Book.ArchitecturalFloor, Book.ReproductionTolerance).Should().Be((0.85, 2.30, 1.89, 0.01));
        (Book.EmbargoHours, Book.TrainingSince).Should().Be((24.0, "7d9f1f04576cedca680440835684a58c58bd9ae1"));
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
    public void The_default_bonferroni_arms_are_the_preregistered_seven_not_one()
    {
        // p ≈ 0.008: significant at α = 0.01 alone, not at α / 7 ≈ 0.0014.
        var rows = Rows.Victory((42, 1.40), (43, 1.45), (44, 1.44));
        var o = Evaluate(rows);
        o.AlphaUsed.Should().BeApproximately(0.01 / 7, 1e-15);
        o.Claims.Single().OneSample!.PLower.Should().BeInRange(0.01 / 7, 0.01);
        o.ExitCode.Should().Be(LedgerExitCodes.NotSignificant);
    }

    [Fact]
    public void More_arms_can_turn_a_victory_into_not_significant_and_fewer_than_registered_are_refused()
    {
        var rows = Rows.Victory();
        Evaluate(rows).ExitCode.Should().Be(0);
        Evaluate(rows, options: new VictoryOptions(Arms: 100)).ExitCode.Should().Be(LedgerExitCodes.NotSignificant);
        var fewer = () => Evaluate(rows, options: new VictoryOptions(Arms: 1));
        fewer.Should().Throw<ArgumentException>().WithMessage("*fewer than the pre-registered bonferroni_arms 7*");
    }

    [Fact]
    public void Rows_citing_the_skeleton_commit_are_not_a_victory()
    {
        var skeleton = Rows.Git.FirstCommit();
        Rows.Git.IsCommit(skeleton).Should().BeTrue();
        var o = Evaluate(Rows.Victory().Select(r => r with { Sha = skeleton }));
        o.ExitCode.Should().Be(LedgerExitCodes.GateRejected);
        o.AllFindings.Where(f => f.Rule == GateRule.ShaBeforeTraining).Select(f => f.RunId).Should().Contain(["r42", "r43", "r44", "r42-x"]);
        o.AllFindings.Should().NotContain(f => f.Rule == GateRule.ShaNotACommit || f.Rule == GateRule.ShaNotReachable);
    }

    [Fact]
    public void The_trainer_commit_itself_is_admitted_and_its_parent_is_not()
    {
        Rows.Git.IsAncestor(Book.TrainingSince, Rows.Head).Should().BeTrue("HEAD descends from the trainer's commit");
        Evaluate(Rows.Victory().Select(r => r with { Sha = Book.TrainingSince })).ExitCode.Should().Be(0);
        var parent = RepoGit.Run("rev-parse", Book.TrainingSince + "^");
        var o = Evaluate(Rows.Victory().Select(r => r with { Sha = parent }));
        o.AllFindings.Should().Contain(f => f.Rule == GateRule.ShaBeforeTraining);
    }

    [Theory]
    [InlineData(23.99, LedgerExitCodes.GateRejected)]
    [InlineData(24.0, LedgerExitCodes.Victory)]
    public void A_result_counts_only_once_its_24_hour_embargo_has_passed(double hoursLater, int exit)
    {
        var clock = new FixedClock(Rows.Ts.AddHours(hoursLater));
        var o = Evaluate(Rows.Victory(), options: new VictoryOptions(Clock: clock));
        o.ExitCode.Should().Be(exit);
        o.AllFindings.Any(f => f.Rule == GateRule.UnderEmbargo).Should().Be(exit != 0);
    }

    [Fact]
    public void A_reproduction_of_another_configuration_does_not_count()
    {
        var rows = Rows.Victory().Select(r => r.RunId == "r43-x" ? r with { ConfigSha256 = new string('e', 64) } : r);
        var o = Evaluate(rows);
        o.ExitCode.Should().Be(LedgerExitCodes.GateRejected);
        o.AllFindings.Should().ContainSingle(f => f.Rule == GateRule.ReproductionConfigDiffers).Which.RunId.Should().Be("r43-x");
    }

    [Fact]
    public void Gate_rows_need_a_config_hash_that_matches_their_config()
    {
        var missing = Evaluate(Rows.Victory().Select(r => r.RunId == "r42" ? r with { ConfigSha256 = null } : r));
        missing.AllFindings.Should().Contain(f => f.Rule == GateRule.ConfigHashMissing && f.RunId == "r42");
        var forged = Evaluate(Rows.Victory().Select(r => r.RunId == "r44" ? r with { ConfigJson = "{\"lr\":0.1}" } : r));
        forged.AllFindings.Should().Contain(f => f.Rule == GateRule.ConfigHashMismatch && f.RunId == "r44");
        Evaluate(Rows.Victory().Select(r => r with { ConfigJson = Rows.Config })).ExitCode.Should().Be(0, "the config hashes to its config_sha256");
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
