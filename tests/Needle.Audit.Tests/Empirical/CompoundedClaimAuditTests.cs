using System.Security.Cryptography;
using System.Text.Json;
using Needle.Audit.Checks;
using Needle.Audit.Reporting;
using Needle.Audit.Empirical;
using Needle.Audit.Symbols;
using Needle.Audit.Tests.Support;
using Needle.Core.Ledger;

namespace Needle.Audit.Tests.Empirical;

/// <summary>
/// Step 8 for the compounded claim H (three-valued: holds/refuted/not_determinable) and for the pre-registration
/// seal of the committed ledger: an edit of assertions/preregistration.json after the ledger's first data row is a
/// finding naming the seal's line.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Falsification)]
[Trait(TestCategories.VectorKey, "Audit")]
public sealed class CompoundedClaimAuditTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private sealed class OneCommit : IEvidenceCommits
    {
        // The witness's commit, else the checkout's git: the sandbox also carries the checkout's real evidence files.
        public string? WhyNotReachable(string sha) => sha == Commit ? null : new GitEvidenceCommits(RepoPaths.Root).WhyNotReachable(sha);
    }

    // The seal rule is the ledger's; the CLI hands it to the audit, and so does this test (the same class).
    private static AuditReport Run(AuditSandbox sandbox) => AuditRunner.Run(new AuditOptions
    {
        RepoRoot = sandbox.Root, StaticOnly = true, Catalog = ReflectionSymbolCatalog.ForNeedle(), Commits = new OneCommit(),
        SealCheck = new Needle.Cli.Audit.PreregistrationSealCheck(),
    });

    private static void WriteH(AuditSandbox sandbox, string verdict, double ciLow, double ciHigh, double reachable)
    {
        Directory.CreateDirectory(sandbox.PathOf("assertions/evidence"));
        var evidence = new Dictionary<string, object>
        {
            ["schema"] = "needle-evidence/1", ["vector"] = "H", ["invariant"] = "INV-28", ["commit"] = Commit,
            ["suite"] = "needle replay --strategy needle",
            ["inputs"] = new Dictionary<string, string> { ["history.jsonl"] = new string('a', 64) },
            ["statistic"] = new Dictionary<string, double>
            {
                ["speedup_median"] = (ciLow + ciHigh) / 2, ["speedup_ci_low"] = ciLow, ["speedup_ci_high"] = ciHigh,
                ["max_measurable_speedup"] = reachable, ["repetitions"] = 20, ["first_promotion_ratio"] = 0.4,
                ["proxy_failure_share"] = 0.1, ["unreproducible_victory_rows"] = 0, ["victory_rows"] = 0,
                ["false_positive_rate"] = 0.001, ["null_draws"] = 10_000,
            },
            ["verdict"] = verdict,
        };
        File.WriteAllText(sandbox.PathOf("assertions/evidence/H.json"), JsonSerializer.Serialize(evidence));
    }

    [Theory]
    [InlineData("holds", 55, 80, 100, EvidenceState.Holds)]
    [InlineData("refuted", 2, 3, 100, EvidenceState.Refuted)]
    [InlineData("not_determinable", 2, 3, 20, EvidenceState.NotDeterminable)] // a table too small to show 50×
    public void H_evidence_is_judged_three_ways(string verdict, double low, double high, double reachable, EvidenceState state)
    {
        using var sandbox = new AuditSandbox();
        WriteH(sandbox, verdict, low, high, reachable);

        var report = Run(sandbox);

        report.FindingsOf(AuditStep.EmpiricalEvidence).Should().BeEmpty();
        report.Evidence.Single(e => e.Vector == "H").State.Should().Be(state);
    }

    [Fact]
    public void An_H_file_claiming_support_the_statistic_does_not_give_is_caught()
    {
        using var sandbox = new AuditSandbox();
        WriteH(sandbox, "holds", 2, 3, 20);

        Run(sandbox).FindingsOf(AuditStep.EmpiricalEvidence).Should().ContainSingle()
            .Which.Message.Should().Contain("records \"holds\"").And.Contain("says \"not_determinable\"");
    }

    [Fact]
    public void An_edit_of_the_preregistration_after_the_first_data_row_is_a_finding()
    {
        using var sandbox = new AuditSandbox();
        var plan = File.ReadAllBytes(sandbox.PathOf("assertions/preregistration.json"));
        var sealedTo = Convert.ToHexStringLower(SHA256.HashData(plan));
        var ledger = sandbox.PathOf("assertions/seed_results.jsonl");
        File.AppendAllText(ledger, $"{{\"_preregistration_sha256\":\"{sealedTo}\",\"_preregistration\":\"assertions/preregistration.json\"}}\n");
        File.AppendAllText(ledger, LedgerRowSerializer.ToLine(DataRow) + "\n");
        Run(sandbox).FindingsOf(AuditStep.EmpiricalEvidence).Should().BeEmpty("the plan is the one the ledger was sealed to");

        sandbox.Replace("assertions/preregistration.json", "\"alpha\": 0.01", "\"alpha\": 0.009");

        var finding = Run(sandbox).FindingsOf(AuditStep.EmpiricalEvidence).Should().ContainSingle().Subject;
        finding.File.Should().Be("assertions/seed_results.jsonl");
        finding.Line.Should().Be(2, "line 2 is the seal");
        finding.Message.Should().Contain("PreregistrationEdited").And.Contain("edited after data existed");
    }

    private static readonly LedgerRow DataRow = new()
    {
        RunId = "r1", Ts = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), Agent = "test", Canon = "IGLA-ATTN-FP32-E0101-rng42",
        Seed = 42, Bpb = 1.5, Step = 5000, Sha = Commit, CorpusSha256 = new string('c', 64), Split = "val-last-100000", Tag = "bytes-ascii",
        GateAction = "candidate", ConfigSha256 = new string('b', 64),
    };
}
