using System.Text.Json;

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

    // Hand-written rows (check cannot tell them from emitted ones; only `ledger emit` vouches for provenance).
    private static string[] Victory(Func<Core.Ledger.LedgerRow, Core.Ledger.LedgerRow>? change = null) =>
    [
        "{\"_h\":\"test\"}",
        CliLedger.Seal,
        .. new[] { (42, 1.42), (43, 1.44), (44, 1.43) }.SelectMany(s => new[]
        {
            CliLedger.Row($"v{s.Item1}", s.Item1, s.Item2, "reviewer"),
            CliLedger.Row($"v{s.Item1}-x", s.Item1, s.Item2 + 0.002, "reviewer", reproduces: $"v{s.Item1}"),
        }).Select(r => CliLedger.Line(change is null ? r : change(r))),
    ];

    private string Gates(string from, string to)
    {
        var text = File.ReadAllText(RepoPaths.InRepo("assertions", "gates.json"));
        text.Should().Contain(from);
        return Write("weak-gates.json", text.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void A_sealed_reproduced_ledger_past_its_embargo_is_a_victory_with_a_json_last_line()
    {
        var (code, stdout, stderr) = NeedleProcess.Run("ledger", "check", Write("v.jsonl", Victory()), "--json");
        code.Should().Be(0, stdout + stderr);
        stdout.Should().Contain("VICTORY");
        using var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
        json.RootElement.GetProperty("exit_code").GetInt32().Should().Be(0);
        json.RootElement.GetProperty("claims")[0].GetProperty("t_test").GetProperty("df").GetDouble().Should().Be(2);
        json.RootElement.GetProperty("claims")[0].GetProperty("t_test").GetProperty("alpha").GetDouble().Should().BeApproximately(0.01 / 7, 1e-12);
        json.RootElement.GetProperty("arms").GetInt32().Should().Be(7);
        json.RootElement.GetProperty("ledger_findings").GetArrayLength().Should().Be(0);
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Rows_citing_the_skeleton_commit_are_not_a_victory_exit_4_naming_the_rule()
    {
        var skeleton = CliLedger.Git.FirstCommit();
        var (code, stdout, _) = NeedleProcess.Run("ledger", "check", Write("s.jsonl", Victory(r => r with { Sha = skeleton })));
        code.Should().Be(4);
        stdout.Should().Contain("ShaBeforeTraining").And.Contain($"sha {skeleton} does not descend from training_since 7d9f1f04576c");
    }

    [Theory]
    [InlineData("\"seeds\": [42, 43, 44], \"min_distinct_seeds\": 3", "\"seeds\": [42, 43], \"min_distinct_seeds\": 2", "seeds ≥ 3")]
    [InlineData("\"seeds\": [42, 43, 44], \"min_distinct_seeds\": 3, \"min_step\": 4000", "\"seeds\": [42, 43, 44], \"min_distinct_seeds\": 3, \"min_step\": 100", "min_step ≥ 4000")]
    [InlineData("\"embargo_hours\": 24", "\"embargo_hours\": 0", "embargo_hours ≥ 24")]
    public void A_gates_file_weaker_than_the_preregistration_is_refused_naming_the_rule(string from, string to, string rule)
    {
        var (code, _, stderr) = NeedleProcess.Run("ledger", "check", Write("v.jsonl", Victory()), "--gates", Gates(from, to));
        code.Should().Be(64);
        stderr.Should().Contain($"pre-registered rule: {rule}").And.Contain("weak-gates.json");
    }

    [Fact]
    public void A_row_still_under_embargo_is_not_a_victory()
    {
        var (code, stdout, _) = NeedleProcess.Run("ledger", "check",
            Write("e.jsonl", Victory(r => r.Seed == 43 ? r with { Ts = DateTimeOffset.UtcNow.AddHours(-1) } : r)));
        code.Should().Be(4);
        stdout.Should().Contain("e.jsonl:5: UnderEmbargo (run_id v43): under embargo until");
    }

    [Fact]
    public void An_unsealed_ledger_is_not_a_victory()
    {
        var (code, stdout, _) = NeedleProcess.Run("ledger", "check", Write("u.jsonl", Victory().Where(l => l != CliLedger.Seal).ToArray()), "--json");
        code.Should().Be(4);
        using var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
        json.RootElement.GetProperty("ledger_findings")[0].GetProperty("rule").GetString().Should().Be("PreregistrationNotSealed");
    }

    [Fact]
    public void The_markdown_report_shows_the_rules_alpha_and_statistics()
    {
        var (code, stdout, _) = NeedleProcess.Run("ledger", "check", Write("v.jsonl", Victory()), "--report", "md");
        code.Should().Be(0);
        stdout.Should().Contain("# Ledger check: gate-final").And.Contain("descended from training_since 7d9f1f04576c")
            .And.Contain("embargo 24 h").And.Contain("α after Bonferroni (7 arms): 0.001429").And.Contain("| 42 | v42 | 1.4200 |");
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void A_truncated_line_prints_file_line_and_field_and_exits_11()
    {
        var lines = Victory();
        lines[4] = lines[4][..(lines[4].IndexOf("\"bpb\":", StringComparison.Ordinal) + 8)];
        var path = Write("truncated.jsonl", lines);
        var (code, stdout, stderr) = NeedleProcess.Run("ledger", "check", path);
        code.Should().Be(11);
        stderr.Should().Contain($"{path}:5: bpb: the line ends before the JSON object is complete");
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
        }).Prepend(CliLedger.Seal).ToArray();
        NeedleProcess.Run("ledger", "check", Write("g2.jsonl", rows), "--gate", "gate-2").ExitCode.Should().Be(2);
        var path = Write("v.jsonl", Victory());
        NeedleProcess.Run("ledger", "check", path).ExitCode.Should().Be(0);
        NeedleProcess.Run("ledger", "check", path, "--arms", "7", "--baseline-bpb", "1.6,1.62,1.61").ExitCode.Should().Be(0);
        NeedleProcess.Run("ledger", "check", path, "--arms", "1000").ExitCode.Should().Be(2, "α / 1000 is out of reach of three seeds");
        NeedleProcess.Run("ledger", "check", path, "--baseline-bpb", "1.42,1.45,1.43").ExitCode.Should().Be(2);
    }

    [Fact]
    public void Fewer_arms_than_preregistered_are_refused()
    {
        var (code, _, stderr) = NeedleProcess.Run("ledger", "check", Write("v.jsonl", Victory()), "--arms", "1");
        code.Should().Be(64);
        stderr.Should().Contain("fewer than the pre-registered bonferroni_arms 7");
    }

    [Fact]
    public void An_unknown_gate_is_a_usage_error() =>
        NeedleProcess.Run("ledger", "check", Write("v.jsonl", Victory()), "--gate", "gate-9").ExitCode.Should().Be(64);
}
