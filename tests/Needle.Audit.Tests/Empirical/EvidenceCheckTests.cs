using System.Text.Json;
using Needle.Audit.Checks;
using Needle.Audit.Empirical;
using Needle.Audit.Reporting;
using Needle.Audit.Symbols;
using Needle.Audit.Tests.Support;

namespace Needle.Audit.Tests.Empirical;

/// <summary>
/// Step 8 on a sandbox copy: an Empirical claim without evidence is "no verdict yet" (loud, never a pass claim);
/// an evidence file is checked for schema, commit and a verdict equal to the predicate applied to its statistic.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Falsification)]
[Trait(TestCategories.VectorKey, "Audit")]
public sealed class EvidenceCheckTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>Only <see cref="Commit"/> is a commit HEAD descends from.</summary>
    private sealed class OneCommit : IEvidenceCommits
    {
        // The sandbox also holds the repository's committed evidence, whose commits are real: git answers for those.
        public string? WhyNotReachable(string sha) => sha == Commit ? null : new GitEvidenceCommits(RepoPaths.Root).WhyNotReachable(sha);
    }

    private static Dictionary<string, object> Evidence(string verdict = "holds", double slope = 0.04, string commit = Commit) => new()
    {
        ["schema"] = "needle-evidence/1", ["vector"] = "V1", ["invariant"] = "INV-21", ["commit"] = commit,
        ["suite"] = "needle falsify --only V1",
        ["inputs"] = new Dictionary<string, string> { ["corpus"] = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed" },
        ["statistic"] = new Dictionary<string, double> { ["max_abs_slope"] = slope, ["lr_shift_grid_steps"] = 1 },
        ["verdict"] = verdict,
    };

    private static AuditReport Run(AuditSandbox sandbox, bool requireEvidence = false) => AuditRunner.Run(new AuditOptions
    {
        RepoRoot = sandbox.Root, StaticOnly = true, Catalog = ReflectionSymbolCatalog.ForNeedle(), Commits = new OneCommit(),
        RequireEvidence = requireEvidence,
    });

    private static void Write(AuditSandbox sandbox, object evidence)
    {
        // Only the witness's file: the checkout's real evidence (other vectors, other commits) is not under test here.
        if (Directory.Exists(sandbox.PathOf("assertions/evidence"))) Directory.Delete(sandbox.PathOf("assertions/evidence"), true);
        Directory.CreateDirectory(sandbox.PathOf("assertions/evidence"));
        File.WriteAllText(sandbox.PathOf("assertions/evidence/V1.json"), JsonSerializer.Serialize(evidence, new JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    public void Without_evidence_every_vector_is_no_verdict_yet_loudly_and_never_a_pass_claim()
    {
        using var sandbox = new AuditSandbox();
        if (Directory.Exists(sandbox.PathOf("assertions/evidence"))) Directory.Delete(sandbox.PathOf("assertions/evidence"), true);

        var report = Run(sandbox);

        report.Passed.Should().BeTrue("a missing verdict is not a defect of the registry");
        report.NoVerdictYet.Select(e => e.Vector).Should().Equal("H", "V1", "V2", "V3", "V4", "V5", "V6", "V7");
        report.Invariants.Single(r => r.Id == "INV-21").Verified.Should().StartWith("Empirical: NO VERDICT YET");
        AuditRenderers.Text(report).Should().Contain("EMPIRICAL V1 (INV-21): NO VERDICT YET").And.Contain("8 Empirical claim(s) have NO VERDICT YET");
        AuditRenderers.Json(report).Should().Contain("\"state\":\"no_verdict_yet\"");

        var strict = Run(sandbox, requireEvidence: true);
        strict.FindingsOf(AuditStep.EmpiricalEvidence).Should().HaveCount(8).And.OnlyContain(f => f.Message.Contains("has no verdict"));
    }

    [Theory]
    [InlineData("holds", 0.04, "holds on real data")]
    [InlineData("refuted", 0.3, "REFUTED on real data")]
    public void A_valid_evidence_file_gives_its_verdict_and_passes(string verdict, double slope, string summary)
    {
        using var sandbox = new AuditSandbox();
        Write(sandbox, Evidence(verdict, slope));

        var report = Run(sandbox);

        report.FindingsOf(AuditStep.EmpiricalEvidence).Should().BeEmpty();
        report.Evidence.Single(e => e.Vector == "V1").Summary.Should().StartWith(summary);
    }

    [Fact]
    public void A_verdict_that_disagrees_with_the_predicate_is_caught()
    {
        using var sandbox = new AuditSandbox();
        Write(sandbox, Evidence("holds", slope: 0.3)); // 0.3 > 0.1: the predicate says refuted

        var finding = Run(sandbox).FindingsOf(AuditStep.EmpiricalEvidence).Should().ContainSingle().Subject;
        finding.Should().Match<AuditFinding>(f => f.InvariantId == "INV-21" && f.File == "assertions/evidence/V1.json" && f.Line > 1
            && f.Message.Contains("records \"holds\"") && f.Message.Contains("says \"refuted\""));
    }

    [Fact]
    public void A_commit_HEAD_does_not_descend_from_is_caught()
    {
        using var sandbox = new AuditSandbox();
        Write(sandbox, Evidence(commit: "fedcba9876543210fedcba9876543210fedcba98"));

        Run(sandbox).FindingsOf(AuditStep.EmpiricalEvidence).Should().ContainSingle().Which.Message.Should().Contain("is not a commit of this repository");
    }

    [Theory]
    [InlineData("schema", "needle-evidence/0", "field 'schema' is \"needle-evidence/0\"; it must be the file format: \"needle-evidence/1\"")]
    [InlineData("vector", "V2", "the file is V2's evidence")]
    [InlineData("commit", "abc123", "field 'commit' is \"abc123\"; it must be the commit whose code measured it: a full 40-hex commit id")]
    [InlineData("verdict", "probably", "field 'verdict' is \"probably\"; it must be the predicate's word on the statistic: \"holds\", \"refuted\" or \"not_determinable\"")]
    [InlineData("inputs", "none", "field 'inputs' is \"none\"; it must be each input file with its SHA-256")]
    [InlineData("statistic", "none", "field 'statistic' is \"none\"; it must be the measured figures the claim's predicate reads: an object of numbers")]
    [InlineData("colour", "blue", "field 'colour' is not a field here (known: command, commit, details, inputs, invariant")]
    public void A_malformed_evidence_file_is_caught_naming_the_field(string field, string value, string expected)
    {
        using var sandbox = new AuditSandbox();
        var evidence = Evidence();
        evidence[field] = value;
        Write(sandbox, evidence);

        var report = Run(sandbox);

        // schemas/evidence.schema.json finds the shape errors; the line is the field's, not the file's first.
        report.FindingsOf(AuditStep.EmpiricalEvidence).Should().Contain(f => f.Message.Contains(expected) && f.File == "assertions/evidence/V1.json" && f.Line > 1);
        report.Evidence.Single(e => e.Vector == "V1").State.Should().Be(EvidenceState.Invalid);
    }

    [Fact]
    public void A_statistic_missing_a_field_the_predicate_reads_is_caught()
    {
        using var sandbox = new AuditSandbox();
        var evidence = Evidence();
        evidence["statistic"] = new Dictionary<string, double> { ["max_abs_slope"] = 0.04 };
        Write(sandbox, evidence);

        Run(sandbox).FindingsOf(AuditStep.EmpiricalEvidence).Should().ContainSingle().Which.Message
            .Should().Contain("no field \"lr_shift_grid_steps\"");
    }

    [Fact]
    public void An_Empirical_predicate_written_as_a_theorem_is_caught()
    {
        using var sandbox = new AuditSandbox();
        sandbox.Replace("proofs/igla/Accelerators.v", "Definition v4_holds (mae_fold0 : R) : Prop := 0 <= mae_fold0 /\\ mae_fold0 <= v4_max_mae.",
            "Theorem v4_holds : forall mae_fold0 : R, 0 <= mae_fold0 -> mae_fold0 <= v4_max_mae.\nAdmitted.");

        Run(sandbox).FindingsOf(AuditStep.TheoremsDeclared).Should().ContainSingle().Which.Should().Match<AuditFinding>(f =>
            f.InvariantId == "INV-24" && f.Theorem == "v4_holds" && f.Message.Contains("must be a Definition (no theorem, no axiom)"));
    }

    [Fact]
    public void A_Coq_constant_that_differs_from_its_CSharp_twin_is_caught()
    {
        using var sandbox = new AuditSandbox();
        sandbox.Replace("proofs/igla/Accelerators.v", "Definition v7_max_variance_ratio : R := 1.5.", "Definition v7_max_variance_ratio : R := 2.");

        Run(sandbox).FindingsOf(AuditStep.NumericAnchors).Should().ContainSingle().Which.Should().Match<AuditFinding>(f =>
            f.InvariantId == "INV-27" && f.Message.Contains("Coq's v7_max_variance_ratio = 2")
            && f.Message.Contains("V7CurriculumVariance.MaxVarianceRatio = 1.5"));
    }
}
