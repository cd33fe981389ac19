using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Audit.Symbols;

namespace Needle.Cli.Tests.Audit;

/// <summary>
/// <c>needle audit</c> as a real child process, on a temporary copy of assertions/ and proofs/ (static
/// subset, so no coqc: the full run is covered by Needle.Audit.Tests). The copy keeps only the invariants
/// whose enforcing C# is present in this build, so the clean run passes both before and after the merge of
/// the branches that bring the rest.
/// </summary>
public sealed class AuditVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "needle-cli-audit-" + Guid.NewGuid().ToString("N"));
    private string Registry => Path.Combine(_root, "assertions", "igla_assertions.json");

    public AuditVerbTests()
    {
        CopyTree(RepoPaths.InRepo("assertions"), Path.Combine(_root, "assertions"));
        CopyTree(RepoPaths.InRepo("proofs"), Path.Combine(_root, "proofs"));
        // The copy has no .git, so the real evidence files' commits cannot be checked here (Needle.Audit.Tests checks them).
        var evidence = Path.Combine(_root, "assertions", "evidence");
        if (Directory.Exists(evidence)) Directory.Delete(evidence, recursive: true);
        var catalog = ReflectionSymbolCatalog.ForNeedle();
        var doc = JsonNode.Parse(File.ReadAllText(Registry))!;
        var invariants = doc["invariants"]!.AsArray();
        foreach (var inv in invariants.Where(i => !catalog.MemberExists((string)i!["runtime_target"]!)).ToList()) invariants.Remove(inv);
        File.WriteAllText(Registry, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* temp folder */ }
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Help_describes_the_options_and_exits_zero()
    {
        var (code, stdout, _) = NeedleProcess.Run("audit", "--help");
        code.Should().Be(0);
        stdout.Should().Contain("--json").And.Contain("--report").And.Contain("--static").And.Contain("--root");
    }

    [Fact]
    public void A_clean_registry_passes_and_the_last_line_is_json()
    {
        var (code, stdout, stderr) = NeedleProcess.Run("audit", "--static", "--json", "--root", _root);

        code.Should().Be(0, stdout + stderr);
        stdout.Should().Contain("audit passed").And.Contain("INV-1").And.Contain("Needle.Core.Phi.PhiConstants");
        var json = JsonDocument.Parse(LastLine(stdout)).RootElement;
        json.GetProperty("passed").GetBoolean().Should().BeTrue();
        json.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()).Should().Equal(1, 2, 6, 7, 8, 9);
        json.GetProperty("invariants").GetArrayLength().Should().BeGreaterThanOrEqualTo(7);
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Falsification)]
    [Trait(TestCategories.VectorKey, "Audit")]
    public void A_drifted_anchor_exits_one_naming_file_line_and_theorem()
    {
        var text = File.ReadAllText(Registry);
        File.WriteAllText(Registry, text.Replace("\"Needle.Core.Phi.Lucas.L2\": 3", "\"Needle.Core.Phi.Lucas.L2\": 4", StringComparison.Ordinal));
        var line = File.ReadAllLines(Registry).Select((l, i) => (l, i)).Single(x => x.l.Contains("Lucas.L2\": 4")).i + 1;

        var (code, stdout, stderr) = NeedleProcess.Run("audit", "--static", "--json", "--root", _root);

        code.Should().Be(1);
        stdout.Should().Contain($"assertions/igla_assertions.json:{line}: INV-2: numeric anchor Needle.Core.Phi.Lucas.L2 is 4 in the registry but 3 in C#");
        stderr.Should().Contain("1 finding(s)");
        var finding = JsonDocument.Parse(LastLine(stdout)).RootElement.GetProperty("findings").EnumerateArray().Single();
        finding.GetProperty("line").GetInt32().Should().Be(line);
        finding.GetProperty("theorem").GetString().Should().Be("lucas_closure");
    }

    [Fact]
    public void The_markdown_report_has_a_row_per_invariant()
    {
        var (code, stdout, _) = NeedleProcess.Run("audit", "--static", "--report", "md", "--root", _root);

        code.Should().Be(0);
        stdout.Should().StartWith("# Invariant audit");
        stdout.Should().Contain("| INV-2 | Lucas closure | Proven | not checked (static subset: no coqc) | `proofs/igla/Lucas.v:");
        stdout.Should().Contain("## Findings");
    }

    [Fact]
    public void Msbuild_format_prints_canonical_errors()
    {
        var text = File.ReadAllText(Registry);
        File.WriteAllText(Registry, text.Replace("\"coq_theorem\": \"lucas_closure\"", "\"coq_theorem\": \"lucas_closed\"", StringComparison.Ordinal));

        var (code, stdout, _) = NeedleProcess.Run("audit", "--static", "--msbuild", "--root", _root);

        code.Should().Be(1);
        stdout.Should().MatchRegex(@"proofs/igla/Lucas\.v\(1\): error AUDIT2: proofs/igla/Lucas\.v does not declare theorem lucas_closed");
    }

    [Fact]
    public void Invalid_json_exits_one_and_names_the_line()
    {
        File.WriteAllText(Registry, "{\n  \"invariants\": [\n    { \"id\": \"INV-1\" \n    \"name\": \"x\" }\n  ]\n}\n");

        var (code, stdout, _) = NeedleProcess.Run("audit", "--static", "--root", _root);

        code.Should().Be(1);
        stdout.Should().Contain("assertions/igla_assertions.json:4: invalid JSON");
    }

    [Fact]
    public void A_missing_root_exits_two_and_says_what_to_do()
    {
        var (code, _, stderr) = NeedleProcess.Run("audit", "--static", "--root", Path.Combine(_root, "absent"));
        code.Should().Be(2);
        stderr.Should().Contain("--root");
    }

    private static string LastLine(string stdout) => stdout.TrimEnd().Split('\n')[^1];

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
