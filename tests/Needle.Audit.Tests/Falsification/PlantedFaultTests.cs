using Needle.Audit.Checks;
using Needle.Audit.Reporting;
using Needle.Audit.Symbols;
using Needle.Audit.Tests.Support;

namespace Needle.Audit.Tests.Falsification;

/// <summary>
/// The falsification list: in a temporary copy of assertions/ and proofs/, plant one fault at a time
/// and show the audit fails with a message naming the file and the theorem. Each planted finding must be new
/// (absent from the unmodified copy's audit), so the test cannot pass on findings that were there anyway.
/// </summary>
[Collection(CoqCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Falsification)]
[Trait(TestCategories.VectorKey, "Audit")]
public sealed class PlantedFaultTests(CoqFixture coq)
{
    private const string Registry = "assertions/igla_assertions.json";

    [Fact]
    public void A_Proven_theorem_whose_proof_uses_admit_is_caught()
    {
        coq.Require();
        using var sandbox = new AuditSandbox();
        sandbox.Replace("proofs/igla/Gf16.v", "  intros s k Hs; split; [apply kept_in_format; exact Hs|].", "  intros s k Hs; split; [admit|].");

        var report = coq.RunFull(sandbox);

        var planted = NewFindings(report);
        planted.Should().Contain(f => f.Step == AuditStep.CoqCompiles && f.File == "proofs/igla/Gf16.v"
                                      && f.Theorem == "gf16_truncation_sound" && f.Message.Contains("INV-3"));
        planted.Should().Contain(f => f.Step == AuditStep.AxiomsAccounted && f.File == "proofs/igla/Gf16.v"
                                      && f.Theorem == "gf16_truncation_sound" && f.Message.Contains("uses admit"));
        report.ExitCode.Should().NotBe(0);
    }

    [Fact]
    public void A_registry_Proven_theorem_ending_in_Admitted_is_caught()
    {
        coq.Require();
        using var sandbox = new AuditSandbox();
        sandbox.Replace("proofs/igla/Ema.v",
            "    + apply Hin; simpl; auto.\nQed.", "    + apply Hin; simpl; auto.\nAdmitted.");

        var report = coq.RunFull(sandbox);

        var planted = NewFindings(report);
        planted.Should().Contain(f => f.Step == AuditStep.AssumptionsVerified && f.File == "proofs/igla/Ema.v"
                                      && f.Theorem == "ema_within_band" && f.InvariantId == "INV-7"
                                      && f.Message.Contains("Proven in the registry") && f.Message.Contains("Admitted"));
        planted.Should().Contain(f => f.Step == AuditStep.AxiomsAccounted && f.Theorem == "ema_within_band");
        report.Invariants.Single(r => r.Id == "INV-7").Verified.Should().StartWith("FAILED");
    }

    [Fact]
    public void An_Axiom_of_True_with_no_Admitted_entry_is_caught()
    {
        coq.Require();
        using var sandbox = new AuditSandbox();
        sandbox.Edit("proofs/igla/Rungs.v", text => text + "\nAxiom ladder_is_fine : True.\n");

        var report = coq.RunFull(sandbox);

        var planted = NewFindings(report);
        planted.Should().OnlyContain(f => f.Step == AuditStep.AxiomsAccounted && f.File == "proofs/igla/Rungs.v"
                                          && f.Theorem == "ladder_is_fine" && f.Line > 40);
        planted.Should().Contain(f => f.Message.StartsWith("Axiom ladder_is_fine: not accounted for"));
        planted.Should().Contain(f => f.Message.Contains("states nothing"));
        report.ExitCode.Should().NotBe(0);
    }

    [Fact]
    public void A_file_that_does_not_compile_is_caught_with_its_line_and_theorem()
    {
        coq.Require();
        using var sandbox = new AuditSandbox();
        sandbox.Replace("proofs/igla/Victory.v", "apply Nat.eqb_eq in Hdistinct; apply Nat.leb_le in Hmin.", "apply Nat.eqb_eq in Hdistinct; apply Nat.leb_le in Hmin. exact I.");

        var report = coq.RunFull(sandbox);

        var compile = NewFindings(report).Where(f => f.Step == AuditStep.CoqCompiles).ToList();
        compile.Should().ContainSingle().Which.Should().Match<AuditFinding>(f =>
            f.File == "proofs/igla/Victory.v" && f.Line == LineOf(sandbox, "proofs/igla/Victory.v", "Hmin. exact I.") && f.Theorem == "victory_sound"
            && f.InvariantId == "INV-6" && f.Message.Contains("Error"));
        report.Invariants.Single(r => r.Id == "INV-6").Verified.Should().StartWith("NOT VERIFIED");
    }

    [Fact]
    public void A_stale_Admitted_status_for_a_proven_theorem_is_caught()
    {
        coq.Require();
        using var sandbox = new AuditSandbox();
        // INV-1 claims Admitted while Trinity.v still proves it with Qed.
        sandbox.Replace(Registry, "\"status\": \"Proven\",\n      \"coq_file\": \"proofs/igla/Trinity.v\",",
            "\"status\": \"Admitted\",\n      \"admitted\": [ { \"lemma\": \"trinity_identity\", \"reason\": \"planted\" } ], " +
            "\"source\": \"planted, Theorem 1\", \"hypotheses_satisfiable\": \"phi_pos\", " +
            "\"counterexample_search\": \"Needle.Audit.Tests.Falsification.FalseStatements.PhiGridCompleteSearch\",\n      \"coq_file\": \"proofs/igla/Trinity.v\",");

        var report = coq.RunFull(sandbox);

        NewFindings(report).Should().Contain(f => f.Step == AuditStep.AssumptionsVerified && f.InvariantId == "INV-1"
                                                  && f.Theorem == "trinity_identity" && f.Message.StartsWith("stale status"));
    }

    [Fact]
    public void A_cited_theorem_that_was_renamed_is_caught()
    {
        using var sandbox = new AuditSandbox();
        sandbox.Replace("proofs/igla/Lucas.v", "Theorem lucas_closure :", "Theorem lucas_closure_renamed :");

        var report = RunStatic(sandbox);

        NewFindings(report, staticBaseline: true).Should().ContainSingle().Which.Should().Match<AuditFinding>(f =>
            f.Step == AuditStep.TheoremsDeclared && f.File == "proofs/igla/Lucas.v" && f.Theorem == "lucas_closure"
            && f.InvariantId == "INV-2" && f.Message.Contains("does not declare theorem lucas_closure")
            && f.Fix.Contains("lucas_closure_renamed"));
        report.ExitCode.Should().NotBe(0);
    }

    [Fact]
    public void A_numeric_anchor_that_differs_from_its_CSharp_constant_is_caught()
    {
        using var sandbox = new AuditSandbox();
        sandbox.Replace(Registry, "\"Needle.Core.Preregistration.PhiGridCompleteness.MaxStepRatio\": 1.618033988749895",
            "\"Needle.Core.Preregistration.PhiGridCompleteness.MaxStepRatio\": 1.618");

        var report = RunStatic(sandbox);

        NewFindings(report, staticBaseline: true).Should().ContainSingle().Which.Should().Match<AuditFinding>(f =>
            f.Step == AuditStep.NumericAnchors && f.File == Registry && f.InvariantId == "INV-17"
            && f.Theorem == "phi_grid_complete" && f.Line == LineOf(sandbox, Registry, "MaxStepRatio\": 1.618")
            && f.Message.Contains("1.618 in the registry") && f.Message.Contains("1.618033988749895") && f.Message.Contains("drift"));
    }

    [Fact]
    public void An_invariant_with_no_CSharp_citation_is_caught()
    {
        using var sandbox = new AuditSandbox();
        // A new invariant that cites a real, proven theorem and an existing member, but no C# carries its id.
        sandbox.Replace(Registry, "  \"invariants\": [\n",
            "  \"invariants\": [\n    { \"id\": \"INV-20\", \"name\": \"uncited\", \"coq_file\": \"proofs/igla/Trinity.v\", " +
            "\"coq_theorem\": \"trinity_identity\", \"status\": \"Proven\", \"description\": \"planted\", " +
            "\"runtime_check\": { \"action\": \"warn\", \"message\": \"m\", \"at\": [\"race\"], \"check\": \"Needle.Core.Invariants.Checks.TrinityCheck, Needle.Core\" }, " +
            "\"runtime_target\": \"Needle.Core.Phi.PhiConstants\" },\n");

        var report = RunStatic(sandbox);

        NewFindings(report, staticBaseline: true).Should().ContainSingle().Which.Should().Match<AuditFinding>(f =>
            f.Step == AuditStep.CSharpCitations && f.File == Registry && f.InvariantId == "INV-20"
            && f.Theorem == "trinity_identity" && f.Message.Contains("no [Invariant(\"INV-20\")]"));
    }

    [Fact]
    public void A_runtime_target_that_does_not_exist_is_caught()
    {
        using var sandbox = new AuditSandbox();
        sandbox.Replace(Registry, "\"runtime_target\": \"Needle.Core.Phi.Lucas.EvenIndex\"", "\"runtime_target\": \"Needle.Core.Phi.Lucas.OddIndex\"");

        var report = RunStatic(sandbox);

        NewFindings(report, staticBaseline: true).Should().ContainSingle().Which.Message
            .Should().Contain("INV-2").And.Contain("Needle.Core.Phi.Lucas.OddIndex does not exist");
    }

    [Fact]
    public void A_runtime_check_that_cannot_run_is_caught()
    {
        using var sandbox = new AuditSandbox();
        sandbox.Replace(Registry, "\"check\": \"Needle.Search.Asha.AshaChampionCheck, Needle.Search\"",
            "\"check\": \"Needle.Search.Asha.AshaChampionCheckk, Needle.Search\"");

        var report = RunStatic(sandbox);

        NewFindings(report, staticBaseline: true).Should().ContainSingle().Which.Should().Match<AuditFinding>(f =>
            f.Step == AuditStep.CSharpCitations && f.InvariantId == "INV-5" && f.Message.Contains("cannot run"));
    }

    private static readonly Lazy<AuditReport> StaticBaseline = new(() =>
    {
        using var pristine = new AuditSandbox();
        return RunStatic(pristine);
    });

    private static AuditReport RunStatic(AuditSandbox sandbox) =>
        AuditRunner.Run(new AuditOptions { RepoRoot = sandbox.Root, StaticOnly = true, Catalog = ReflectionSymbolCatalog.ForNeedle() });

    /// <summary>Findings of <paramref name="report"/> not present in the unmodified copy's audit.</summary>
    private List<AuditFinding> NewFindings(AuditReport report, bool staticBaseline = false)
    {
        // Compared without the line: a planted registry entry shifts the lines of unrelated findings.
        var baseline = (staticBaseline ? StaticBaseline.Value : coq.Baseline).Findings.Select(f => f with { Line = null }).ToHashSet();
        return report.Findings.Where(f => !baseline.Contains(f with { Line = null })).ToList();
    }

    private static int LineOf(AuditSandbox sandbox, string file, string text) =>
        File.ReadAllLines(sandbox.PathOf(file)).Select((l, i) => (l, i)).First(x => x.l.Contains(text)).i + 1;
}
