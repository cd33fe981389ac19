using System.Text.Json;
using Needle.Cli.Tests.Ledger;

namespace Needle.Cli.Tests.Verbs;

/// <summary>`needle report` as a child process on a study a real `needle race` (synthetic harness runner) produced.</summary>
public sealed class ReportVerbTests : IDisposable
{
    private const string Space = """
        { "name": "report-cli", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 301, "seeds": [42, 43],
          "configs": [ { "synthetic.binf": 1.7 }, { "synthetic.binf": 2.0 } ] }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("needle-report-cli-").FullName;
    private string StudyFile => Path.Combine(_dir, "race.db");

    public ReportVerbTests()
    {
        File.WriteAllText(Path.Combine(_dir, "space.json"), Space);
        var (code, _, stderr) = NeedleProcess.RunIn(_dir, null, "race", "--study", "race.db", "--space", "space.json", "--runner", "synthetic",
            "--ladder", "60x3^3", "--report-every", "5", "--parallel", "1");
        code.Should().Be(0, stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    public void Report_writes_the_page_the_markdown_and_the_svgs_into_out_and_says_where_with_a_json_last_line()
    {
        var (code, stdout, stderr) = NeedleProcess.RunIn(_dir, null, "report", "--study", "race.db", "--out", "r", "--json");
        code.Should().Be(0, stderr);
        foreach (var f in new[] { "index.html", "report.md", "learning-curves.svg", "hunt-states.svg" })
            File.Exists(Path.Combine(_dir, "r", f)).Should().BeTrue(f);
        stdout.Should().Contain(Path.Combine(_dir, "r", "index.html"));
        using var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
        json.RootElement.GetProperty("study").GetString().Should().Be("report-cli");
        json.RootElement.GetProperty("trials").GetInt32().Should().Be(4);
        json.RootElement.GetProperty("gate").GetString().Should().StartWith("no ledger rows");
    }

    [Fact]
    public void Without_out_the_folder_goes_beside_the_study_and_format_md_prints_the_markdown()
    {
        var (code, stdout, stderr) = NeedleProcess.RunIn(_dir, null, "report", "--study", "race.db", "--format", "md");
        code.Should().Be(0, stderr);
        File.Exists(Path.Combine(_dir, "race-report", "index.html")).Should().BeTrue();
        stdout.Should().StartWith("# Study report: report-cli").And.Contain("## Leaderboard (step ≥ 4000)").And.Contain("## Victory gate");
    }

    [Fact]
    public void With_a_ledger_the_gate_section_carries_the_ledger_checks_verdict()
    {
        // A sealed, reproduced ledger past its embargo, as the ledger check's own tests build it: a victory.
        var ledger = Path.Combine(_dir, "seed_results.jsonl");
        var rows = new[] { (42, 1.42), (43, 1.44), (44, 1.43) }.SelectMany(s => new[]
        {
            CliLedger.Row($"v{s.Item1}", s.Item1, s.Item2, "reviewer"),
            CliLedger.Row($"v{s.Item1}-x", s.Item1, s.Item2 + 0.002, "reviewer", reproduces: $"v{s.Item1}"),
        }).Select(CliLedger.Line);
        File.WriteAllLines(ledger, ["{\"_h\":\"test\"}", CliLedger.Seal, .. rows]);
        var (code, stdout, stderr) = NeedleProcess.Run("report", "--study", StudyFile, "--out", Path.Combine(_dir, "g"), "--ledger", ledger, "--format", "md");
        code.Should().Be(0, stderr);
        stdout.Should().Contain("- verdict: **VICTORY** (ledger check exit 0)").And.Contain("### `");
        File.ReadAllText(Path.Combine(_dir, "g", "index.html")).Should().Contain("VICTORY");
    }

    [Fact]
    public void The_leaderboard_subcommand_still_works_beside_the_report()
    {
        var (code, stdout, stderr) = NeedleProcess.RunIn(_dir, null, "report", "leaderboard", "--study", "race.db", "--min-step", "60");
        code.Should().Be(0, stderr);
        stdout.Should().Contain("leaderboard of 'report-cli'").And.Contain("IGLA-TRAIN_V2-FP32-E0301-seed42");
    }

    [Theory]
    [InlineData(new[] { "report" }, "--study FILE is required")]
    [InlineData(new[] { "report", "--study", "missing.db" }, "study file not found")]
    [InlineData(new[] { "report", "--study", "race.db", "--ledger", "nope.jsonl" }, "ledger not found")]
    public void Bad_input_exits_2_with_a_message_that_says_what_to_do(string[] args, string expected)
    {
        var (code, _, stderr) = NeedleProcess.RunIn(_dir, null, args);
        code.Should().Be(2);
        stderr.Should().Contain(expected);
    }

    [Fact]
    public void An_unknown_format_is_refused_by_the_parser_naming_the_allowed_values()
    {
        var (code, _, stderr) = NeedleProcess.RunIn(_dir, null, "report", "--study", "race.db", "--format", "pdf");
        code.Should().NotBe(0);
        stderr.Should().Contain("pdf").And.Contain("html").And.Contain("md");
    }
}
