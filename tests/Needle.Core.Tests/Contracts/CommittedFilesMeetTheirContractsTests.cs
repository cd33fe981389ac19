using System.Text.Json;
using Needle.Core.Contracts;

namespace Needle.Core.Tests.Contracts;

/// <summary>
/// Every committed file meets its contract in schemas/ (docs/schemas.md has the table), and every contract is embedded
/// and loads. The malformed-file tests live with each reader (they check the reader's message too).
/// </summary>
public sealed class CommittedFilesMeetTheirContractsTests
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>
        {
            { "registry", "assertions/igla_assertions.json" },
            { "preregistration", "assertions/preregistration.json" },
            { "gates", "assertions/gates.json" },
            { "history-manifest", "data/history/manifest.json" },
            { "race-space", "spaces/default.json" },
            { "race-space", "spaces/quick.json" },
            { "race-space", "spaces/compound.json" },
            { "history-space", "spaces/history.json" },
        };
        foreach (var f in Directory.GetFiles(RepoPaths.InRepo("assertions", "evidence"), "*.json").Order(StringComparer.Ordinal))
            data.Add("evidence", Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'));
        foreach (var f in Directory.GetFiles(RepoPaths.InRepo("plans"), "*.json").Order(StringComparer.Ordinal))
            data.Add("plan", Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_committed_file_meets_its_contract(string schema, string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        JsonContract.Check(schema, doc.RootElement, text, file).Should().BeEmpty();
    }

    [Fact]
    public void Every_committed_history_line_meets_its_contract()
    {
        var path = RepoPaths.InRepo("data", "history", "history.jsonl");
        var number = 0;
        var violations = new List<ContractViolation>();
        foreach (var line in File.ReadLines(path))
        {
            number++;
            using var doc = JsonDocument.Parse(line);
            violations.AddRange(JsonContract.Check("history-line", doc.RootElement, line, path, number));
        }
        number.Should().BeGreaterThan(200);
        violations.Should().BeEmpty();
    }

    [Fact]
    public void Every_committed_ledger_line_meets_its_contract()
    {
        var path = RepoPaths.InRepo("assertions", "seed_results.jsonl");
        var lines = File.ReadAllLines(path);
        lines.Should().NotBeEmpty();
        lines.SelectMany((line, i) =>
        {
            using var doc = JsonDocument.Parse(line);
            return JsonContract.Check("ledger-row", doc.RootElement, line, path, i + 1);
        }).Should().BeEmpty();
    }

    [Fact]
    public void Every_schema_in_the_folder_is_embedded_and_loads()
    {
        var onDisk = Directory.GetFiles(RepoPaths.InRepo("schemas"), "*.schema.json").Select(f => Path.GetFileName(f)[..^".schema.json".Length]).Order(StringComparer.Ordinal);
        JsonContract.Names.Should().Equal(onDisk);
        using var empty = JsonDocument.Parse("{}");
        foreach (var name in JsonContract.Names)
            JsonContract.Check(name, empty.RootElement, "{}", "empty.json").Should().NotBeEmpty($"{name} requires fields, so an empty object breaks it");
    }

    [Fact]
    public void A_missing_field_names_the_line_of_the_object_that_should_hold_it()
    {
        const string text = "{\n  \"schema\": \"needle-evidence/1\",\n  \"vector\": \"V1\"\n}";
        using var doc = JsonDocument.Parse(text);
        var violations = JsonContract.Check("evidence", doc.RootElement, text, "e.json");
        violations.Should().Contain(v => v.ToString() == "e.json:1: field 'commit' is required: the commit whose code measured it: a full 40-hex commit id");
    }
}
