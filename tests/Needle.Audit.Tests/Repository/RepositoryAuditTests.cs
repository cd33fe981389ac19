using Needle.Audit.Checks;
using Needle.Audit.Registry;
using Needle.Audit.Reporting;
using Needle.Audit.Symbols;
using Needle.Audit.Tests.Support;
using Needle.Testing.Snapshots;

namespace Needle.Audit.Tests.Repository;

/// <summary>
/// The audit of the repository itself, with the real coqc and the real assemblies: every Proven invariant is
/// verified Proven by Coq, every Admitted one is admitted according to Coq, every citation resolves: the audit
/// passes outright.
/// </summary>
[Collection(CoqCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Audit)]
public sealed class RepositoryAuditTests(CoqFixture coq)
{
    private static readonly ISymbolCatalog Catalog = ReflectionSymbolCatalog.ForNeedle();

    [Fact]
    public void The_repository_passes_every_step()
    {
        coq.Require();
        var report = coq.Repository;

        report.StepsRun.Should().BeEquivalentTo(AuditSteps.All);
        report.Findings.Should().BeEmpty();
        report.ExitCode.Should().Be(0);
        Catalog.MemberExists("Needle.Core.Gates.VictoryGate.Evaluate").Should().BeTrue();
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Snapshot)]
    public void The_markdown_report_matches_its_verified_snapshot()
    {
        coq.Require();
        Snapshot.Verify(AuditRenderers.Markdown(coq.Repository));
    }

    [Fact]
    public void Coq_confirms_each_claimed_status()
    {
        coq.Require();
        var report = coq.Repository;
        var (registry, _) = RegistryReader.Read(RepoPaths.InRepo("assertions", "igla_assertions.json"), "registry");

        foreach (var inv in registry!.Invariants)
        {
            var row = report.Invariants.Single(r => r.Id == inv.Id);
            row.Verified.Should().StartWith(inv.Status switch
            {
                InvariantStatus.Proven => "Proven (", InvariantStatus.Admitted => "Admitted (", _ => "Empirical: ",
            }, $"{inv.Id} is {inv.Status}");
        }
        registry.Invariants.Where(i => i.Status == InvariantStatus.Proven).Select(i => i.Id)
            .Should().Equal("INV-1", "INV-2", "INV-3", "INV-4", "INV-5", "INV-6", "INV-7", "INV-17");
        registry.Invariants.Where(i => i.Status == InvariantStatus.Empirical).Select(i => i.Id)
            .Should().Equal("INV-21", "INV-22", "INV-23", "INV-24", "INV-25", "INV-26", "INV-27", "INV-28");
        report.Invariants.Single(r => r.Id == "INV-17").Verified.Should().StartWith("Proven (proofs/igla/PhiGrid.v:");
    }

    [Fact]
    public void The_audit_leaves_no_compiled_files_in_the_repository()
    {
        coq.Require();
        _ = coq.Repository;

        Directory.EnumerateFiles(RepoPaths.InRepo("proofs"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".v", StringComparison.Ordinal) && Path.GetFileName(f) != "_CoqProject")
            .Should().BeEmpty("coqc must compile in a temporary copy, never in proofs/");
    }

    [Fact]
    public void The_markdown_report_lists_every_invariant_with_its_three_citations_and_verified_status()
    {
        coq.Require();
        var report = coq.Repository;

        var md = AuditRenderers.Markdown(report);
        // A second, independent run (on a sandbox copy in another folder) must render the very same bytes.
        var again = AuditRenderers.Markdown(coq.Baseline);

        // The sandbox (outside git) starts without the checkout's evidence files, so the lines that report evidence differ.
        static string WithoutEvidence(string text) =>
            string.Join('\n', text.Split('\n').Where(l => !l.Contains("assertions/evidence/", StringComparison.Ordinal) && !l.StartsWith("Result:", StringComparison.Ordinal)));
        WithoutEvidence(md).Should().Be(WithoutEvidence(again), "the report must be deterministic to be snapshot-tested");
        md.Should().StartWith("# Invariant audit").And.Contain("## Findings").And.Contain("## Axioms a Proven theorem may rest on");
        md.Should().NotContain(Path.GetTempPath()).And.NotContain(Environment.MachineName);
        var rows = md.Split('\n').Where(l => l.StartsWith("| INV-", StringComparison.Ordinal)).ToList();
        rows.Should().HaveCount(report.Invariants.Count);
        foreach (var r in report.Invariants)
        {
            var line = rows.Single(l => l.StartsWith($"| {r.Id} |", StringComparison.Ordinal));
            line.Should().Contain(r.CoqCitation).And.Contain(r.RuntimeTarget).And.Contain(r.Verified);
            foreach (var c in r.CSharpCitations) line.Should().Contain(c);
        }
        md.Should().Contain("| INV-1 | trinity identity | Proven | Proven (proofs/igla/Trinity.v:");
        md.Should().Contain("`Needle.Core.Phi.PhiConstants`");
    }
}
