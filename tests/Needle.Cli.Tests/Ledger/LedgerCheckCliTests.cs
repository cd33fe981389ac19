using System.Text.Json;
using Needle.Testing.Snapshots;

namespace Needle.Cli.Tests.Ledger;

public sealed class LedgerCheckCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-check-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return path;
    }

    private static string[] Victory() =>
    [
        "{\"_h\":\"test\"}",
        .. new[] { (42, 1.42), (43, 1.44), (44, 1.43) }.SelectMany(s => new[]
        {
            CliLedger.Line(CliLedger.Row($"v{s.Item1}", s.Item1, s.Item2, "reviewer")),
            CliLedger.Line(CliLedger.Row($"v{s.Item1}-x", s.Item1, s.Item2 + 0.002, "reviewer", reproduces: $"v{s.Item1}")),
        }),
    ];

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void The_example_ledger_is_a_victory_for_gate_final_with_a_json_last_line()
    {
        var (code, stdout, stderr) = NeedleProcess.Run("ledger", "check", CliLedger.Example, "--json");
        code.Should().Be(0, stderr);
        stdout.Should().Contain("VICTORY");
        var last = stdout.TrimEnd().Split('\n')[^1];
        using var json = JsonDocument.Parse(last);
        json.RootElement.GetProperty("exit_code").GetInt32().Should().Be(0);
        json.RootElement.GetProperty("claims")[0].GetProperty("t_test").GetProperty("df").GetDouble().Should().Be(2);
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    [Trait(TestCategories.Key, TestCategories.Snapshot)]
    public void Markdown_report_of_the_example_ledger()
    {
        var (code, stdout, stderr) = NeedleProcess.Run("ledger", "check", CliLedger.Example, "--report", "md");
        code.Should().Be(0, stderr);
        Snapshot.Verify(stdout);
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Snapshot)]
    public void Markdown_report_of_the_example_ledger_against_gate_2()
    {
        var (code, stdout, _) = NeedleProcess.Run("ledger", "check", CliLedger.Example, "--gate", "gate-2", "--report", "md");
        code.Should().Be(4);
        Snapshot.Verify(stdout);
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void A_truncated_line_prints_file_line_and_field_and_exits_11()
    {
        var lines = Victory();
        lines[3] = lines[3][..(lines[3].IndexOf("\"bpb\":", StringComparison.Ordinal) + 8)];
        var path = Write("truncated.jsonl", lines);
        var (code, stdout, stderr) = NeedleProcess.Run("ledger", "check", path);
        code.Should().Be(11);
        stderr.Should().Contain($"{path}:4: bpb: the line ends before the JSON object is complete");
        stdout.Should().Contain("MALFORMED ROWS");
    }

    [Fact]
    public void The_real_ledger_holds_no_data_rows_yet_exit_5()
    {
        var (code, stdout, _) = NeedleProcess.Run("ledger", "check", Path.Combine("assertions", "seed_results.jsonl"));
        code.Should().Be(5);
        stdout.Should().Contain("NO DATA ROWS");
    }

    [Fact]
    public void Exit_5_only_for_a_well_formed_file_a_header_plus_a_bad_line_is_11() =>
        NeedleProcess.Run("ledger", "check", Write("h.jsonl", "{\"_h\":1}", "{\"run_id\":")).ExitCode.Should().Be(11);

    [Fact]
    public void A_missing_file_is_exit_10_and_says_what_to_do()
    {
        var (code, _, stderr) = NeedleProcess.Run("ledger", "check", Path.Combine(_dir, "nope.jsonl"));
        code.Should().Be(10);
        stderr.Should().Contain("nope.jsonl").And.Contain("what to do");
    }

    [Fact]
    public void Tripwire_outranks_a_malformed_line_exit_12()
    {
        var lines = Victory().Append(CliLedger.Line(CliLedger.Row("stray", 7, 1.2))).Append("{oops").ToArray();
        var (code, stdout, _) = NeedleProcess.Run("ledger", "check", Write("t.jsonl", lines));
        code.Should().Be(12);
        stdout.Should().Contain("Tripwire").And.Contain("stray");
    }

    [Fact]
    public void Gate_2_passed_but_not_significant_is_exit_2_and_bonferroni_arms_apply()
    {
        var rows = new[] { (43, 1.80), (44, 1.83), (45, 1.81) }.SelectMany(s => new[]
        {
            CliLedger.Line(CliLedger.Row($"g{s.Item1}", s.Item1, s.Item2, "reviewer")),
            CliLedger.Line(CliLedger.Row($"g{s.Item1}-x", s.Item1, s.Item2, "reviewer", reproduces: $"g{s.Item1}")),
        }).ToArray();
        NeedleProcess.Run("ledger", "check", Write("g2.jsonl", rows), "--gate", "gate-2").ExitCode.Should().Be(2);
        var path = Write("v.jsonl", Victory());
        NeedleProcess.Run("ledger", "check", path).ExitCode.Should().Be(0);
        NeedleProcess.Run("ledger", "check", path, "--arms", "7", "--baseline-bpb", "1.6,1.62,1.61").ExitCode.Should().Be(0);
        NeedleProcess.Run("ledger", "check", path, "--baseline-bpb", "1.42,1.45,1.43").ExitCode.Should().Be(2);
    }

    [Fact]
    public void An_unknown_gate_is_a_usage_error() =>
        NeedleProcess.Run("ledger", "check", CliLedger.Example, "--gate", "gate-9").ExitCode.Should().Be(64);
}
