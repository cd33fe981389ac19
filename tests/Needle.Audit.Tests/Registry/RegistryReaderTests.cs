using Needle.Audit.Checks;
using Needle.Audit.Registry;

namespace Needle.Audit.Tests.Registry;

/// <summary>Step 1: the registry parses; every error names the line.</summary>
public sealed class RegistryReaderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "needle-registry-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => File.Delete(_path);

    private const string ValidEntry = """
        {
          "id": "INV-1", "name": "n", "coq_file": "proofs/igla/Trinity.v", "coq_theorem": "trinity_identity",
          "status": "Proven", "description": "d",
          "runtime_check": { "action": "abort", "message": "m", "at": ["race"], "check": "Needle.Core.Invariants.Checks.TrinityCheck, Needle.Core" },
          "runtime_target": "Needle.Core.Phi.PhiConstants",
          "numeric_anchor": { "Needle.Core.Phi.PhiConstants.Phi": 1.618033988749895 }
        }
        """;

    private (AssertionRegistry? Registry, IReadOnlyList<AuditFinding> Findings) Read(string json)
    {
        File.WriteAllText(_path, json);
        return RegistryReader.Read(_path, "reg.json");
    }

    [Fact]
    public void The_repository_registry_parses_without_findings()
    {
        var (registry, findings) = RegistryReader.Read(RepoPaths.InRepo("assertions", "igla_assertions.json"), "assertions/igla_assertions.json");
        findings.Should().BeEmpty();
        registry!.Invariants.Should().HaveCount(16);
        registry.Invariants.Where(i => i.Status == InvariantStatus.Empirical).Select(i => i.Empirical!.Vector)
            .Should().Equal("V1", "V2", "V3", "V4", "V5", "V6", "V7", "H");
        registry.Invariants.Should().NotContain(i => i.Status == InvariantStatus.Admitted, "no statement is admitted today");
        registry.Invariants.Single(i => i.Id == "INV-1").NumericAnchors.Should().ContainSingle(a => a.ConstantFullName == "Needle.Core.Phi.PhiConstants.Phi");
    }

    [Fact]
    public void A_valid_entry_is_read_with_its_fields_and_line()
    {
        var (registry, findings) = Read("{\n \"invariants\": [\n" + ValidEntry + "\n ]\n}");
        findings.Should().BeEmpty();
        var inv = registry!.Invariants.Single();
        inv.Should().Match<InvariantEntry>(i => i.Id == "INV-1" && i.Line == 3 && i.Status == InvariantStatus.Proven
                                                && i.RuntimeCheck!.Action == "abort" && i.RuntimeCheck.At.SequenceEqual(new[] { "race" })
                                                && i.NumericAnchors[0].Value == 1.618033988749895);
    }

    [Fact]
    public void Malformed_JSON_is_reported_at_its_line()
    {
        var (registry, findings) = Read("{\n \"invariants\": [\n  { \"id\": \"INV-1\",, }\n ]\n}");
        registry.Should().BeNull();
        findings.Should().ContainSingle().Which.Should().Match<AuditFinding>(f => f.Line == 3 && f.File == "reg.json" && f.Message.StartsWith("invalid JSON"));
    }

    [Fact]
    public void Duplicate_ids_are_reported_at_the_second_entry()
    {
        var (_, findings) = Read("{\n \"invariants\": [\n" + ValidEntry + ",\n" + ValidEntry + "\n ]\n}");
        findings.Should().ContainSingle().Which.Message.Should().Contain("duplicate id INV-1 (first at line 3)");
        findings[0].Line.Should().Be(10);
    }

    [Theory]
    [InlineData("\"id\": \"INV-1\"", "\"id\": \"INV-01\"", "field 'invariants[0].id' is \"INV-01\"; it must be the invariant's id: \"INV-<n>\" with n ≥ 1")]
    [InlineData("\"id\": \"INV-1\"", "\"id\": \"inv-1\"", "field 'invariants[0].id' is \"inv-1\"")]
    [InlineData("\"status\": \"Proven\"", "\"status\": \"Probably\"", "field 'invariants[0].status' is \"Probably\"; it must be the kind of claim: \"Proven\", \"Admitted\" or \"Empirical\"")]
    [InlineData("\"at\": [\"race\"]", "\"at\": [\"lunch\"]", "field 'invariants[0].runtime_check.at[0]' is \"lunch\"; it must be a checkpoint")]
    [InlineData("\"at\": [\"race\"]", "\"at\": []", "field 'invariants[0].runtime_check.at' is an array of 0; it must be where the check runs")]
    [InlineData(", \"check\": \"Needle.Core.Invariants.Checks.TrinityCheck, Needle.Core\"", "", "field 'invariants[0].runtime_check.check' is required: a check that runs somewhere names the IInvariantCheck type")]
    [InlineData("\"status\": \"Proven\"", "\"status\": \"Empirical\"", "field 'invariants[0].coq_theorem' does not belong here: an Empirical invariant has coq_definition")]
    [InlineData("\"coq_theorem\": \"trinity_identity\",", "\"coq_theorm\": \"trinity_identity\",", "field 'invariants[0].coq_theorm' is not a field here")]
    [InlineData("\"action\": \"abort\"", "\"action\": \"explode\"", "field 'invariants[0].runtime_check.action' is \"explode\"")]
    [InlineData("1.618033988749895", "\"1.618\"", "field 'invariants[0].numeric_anchor.Needle.Core.Phi.PhiConstants.Phi' is \"1.618\"; it must be the C# constant's value: a JSON number")]
    [InlineData("\"status\": \"Proven\"", "\"status\": \"Admitted\"", "field 'invariants[0].admitted' is required: an Admitted invariant has")]
    public void Each_shape_error_names_the_problem(string from, string to, string expected)
    {
        var (_, findings) = Read("{\n \"invariants\": [\n" + ValidEntry.Replace(from, to) + "\n ]\n}");
        findings.Should().Contain(f => f.Message.Contains(expected) && f.Line >= 3 && f.Step == AuditStep.RegistryParses);
    }

    private const string EmpiricalEntry = """
        {
          "id": "INV-21", "name": "V1", "status": "Empirical", "vector": "V1", "coq_file": "proofs/igla/Accelerators.v",
          "coq_definition": "v1_holds", "description": "d", "predicate": "Needle.Core.Preregistration.V1MupTransfer",
          "runtime_target": "Needle.Core.Preregistration.V1MupTransfer.Holds",
          "falsification_suite": "needle falsify --only V1", "evidence": "assertions/evidence/V1.json"
        }
        """;

    [Fact]
    public void An_Empirical_entry_needs_no_theorem_and_no_runtime_check()
    {
        var (registry, findings) = Read("{\n \"invariants\": [\n" + EmpiricalEntry + "\n ]\n}");
        findings.Should().BeEmpty();
        registry!.Invariants.Single().Should().Match<InvariantEntry>(i => i.Status == InvariantStatus.Empirical && i.CoqTheorem == "v1_holds"
            && i.Empirical!.EvidencePath == "assertions/evidence/V1.json" && i.RuntimeCheck == null);
    }

    [Theory]
    [InlineData("\"vector\": \"V1\"", "\"vector\": \"V9\"", "field 'invariants[0].vector' is \"V9\"; it must be the vector (Empirical): V1 … V7, or H")]
    [InlineData("assertions/evidence/V1.json", "assertions/evidence/V2.json", "is not assertions/evidence/V1.json")]
    [InlineData("\"coq_definition\": \"v1_holds\"", "\"coq_theorem\": \"v1_holds\"", "field 'invariants[0].coq_theorem' does not belong here")]
    [InlineData("\"evidence\": \"assertions/evidence/V1.json\"", "\"evidence\": \"assertions/evidence/V1.json\", \"admitted\": [ { \"lemma\": \"v1_holds\", \"reason\": \"r\" } ]", "it is a definition, it admits nothing")]
    public void Each_Empirical_shape_error_names_the_problem(string from, string to, string expected)
    {
        var (_, findings) = Read("{\n \"invariants\": [\n" + EmpiricalEntry.Replace(from, to) + "\n ]\n}");
        findings.Should().Contain(f => (f.Message.Contains(expected) || f.Fix.Contains(expected)) && f.Step == AuditStep.RegistryParses);
    }

    [Fact]
    public void An_Admitted_entry_needs_a_numbered_source_a_satisfiability_lemma_and_a_search()
    {
        var admitted = ValidEntry.Replace("\"status\": \"Proven\"", "\"status\": \"Admitted\", \"admitted\": [ { \"lemma\": \"trinity_identity\", \"reason\": \"r\" } ]");
        var (_, findings) = Read("{\n \"invariants\": [\n" + admitted + "\n ]\n}");
        findings.Should().Contain(f => f.Message.Contains("field 'invariants[0].source' is required"))
            .And.Contain(f => f.Message.Contains("field 'invariants[0].hypotheses_satisfiable' is required"))
            .And.Contain(f => f.Message.Contains("field 'invariants[0].counterexample_search' is required"));

        var vague = admitted.Replace("\"description\": \"d\"", "\"description\": \"d\", \"source\": \"a paper\", \"hypotheses_satisfiable\": \"l\", \"counterexample_search\": \"T\"");
        var (_, vagueFindings) = Read("{\n \"invariants\": [\n" + vague + "\n ]\n}");
        vagueFindings.Should().ContainSingle().Which.Message.Should().Contain("field 'invariants[0].source' is \"a paper\"; it must be where the proof is (Admitted): the paper and the numbered theorem");
    }

    [Fact]
    public void A_missing_file_is_a_finding_not_a_crash()
    {
        var (registry, findings) = RegistryReader.Read(_path + ".absent", "nowhere.json");
        registry.Should().BeNull();
        findings.Should().ContainSingle().Which.Message.Should().Contain("does not exist");
    }
}
