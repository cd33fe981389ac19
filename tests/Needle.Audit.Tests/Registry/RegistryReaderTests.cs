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
          "runtime_check": { "action": "abort", "message": "m" }, "runtime_target": "Needle.Core.Phi.PhiConstants",
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
        registry!.Invariants.Should().HaveCount(12);
        registry.Invariants.Single(i => i.Id == "INV-1").NumericAnchors.Should().ContainSingle(a => a.ConstantFullName == "Needle.Core.Phi.PhiConstants.Phi");
    }

    [Fact]
    public void A_valid_entry_is_read_with_its_fields_and_line()
    {
        var (registry, findings) = Read("{\n \"invariants\": [\n" + ValidEntry + "\n ]\n}");
        findings.Should().BeEmpty();
        var inv = registry!.Invariants.Single();
        inv.Should().Match<InvariantEntry>(i => i.Id == "INV-1" && i.Line == 3 && i.Status == InvariantStatus.Proven
                                                && i.RuntimeCheck.Action == "abort" && i.NumericAnchors[0].Value == 1.618033988749895);
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
        findings[0].Line.Should().Be(9);
    }

    [Theory]
    [InlineData("\"id\": \"INV-1\"", "\"id\": \"INV-01\"", "is not of the form INV-<n>")]
    [InlineData("\"id\": \"INV-1\"", "\"id\": \"inv-1\"", "is not of the form INV-<n>")]
    [InlineData("\"status\": \"Proven\"", "\"status\": \"Probably\"", "neither Proven nor Admitted")]
    [InlineData("\"coq_theorem\": \"trinity_identity\",", "\"coq_theorm\": \"trinity_identity\",", "unknown field \"coq_theorm\"")]
    [InlineData("\"action\": \"abort\"", "\"action\": \"explode\"", "runtime_check")]
    [InlineData("1.618033988749895", "\"1.618\"", "is not a number")]
    [InlineData("\"status\": \"Proven\"", "\"status\": \"Admitted\"", "does not name trinity_identity with a reason")]
    public void Each_shape_error_names_the_problem(string from, string to, string expected)
    {
        var (_, findings) = Read("{\n \"invariants\": [\n" + ValidEntry.Replace(from, to) + "\n ]\n}");
        findings.Should().Contain(f => f.Message.Contains(expected) && f.Line >= 3 && f.Step == AuditStep.RegistryParses);
    }

    [Fact]
    public void A_missing_file_is_a_finding_not_a_crash()
    {
        var (registry, findings) = RegistryReader.Read(_path + ".absent", "nowhere.json");
        registry.Should().BeNull();
        findings.Should().ContainSingle().Which.Message.Should().Contain("does not exist");
    }
}
