using Needle.Core.Ledger;

namespace Needle.Cli.Tests.Ledger;

public sealed class LedgerEmitCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-emit-").FullName;
    private string Ledger => Path.Combine(_dir, "ledger.jsonl");
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Emit(string rowJson) => NeedleProcess.Run("ledger", "emit", Ledger, "--row", rowJson);

    [Fact]
    public void Emit_appends_a_valid_row_that_check_then_reads_back()
    {
        var row = CliLedger.Row("e1", 42, 1.95);
        Emit(CliLedger.Line(row)).Code.Should().Be(0);
        LedgerReader.Read(Ledger).Entries.Should().ContainSingle().Which.Row.Should().Be(row);
    }

    [Fact]
    public void Emit_refuses_what_check_would_reject_with_its_own_exit_codes()
    {
        Emit(CliLedger.Line(CliLedger.Row("e1", 42, 1.95))).Code.Should().Be(0);
        var before = File.ReadAllBytes(Ledger);

        Emit(CliLedger.Line(CliLedger.Row("e1", 43, 1.96))).Code.Should().Be(11, "duplicate run_id");
        Emit(CliLedger.Line(CliLedger.Row("e2", 43, 1.96)).Replace("\"bpb\":1.96", "\"bpb\":NaN")).Code.Should().Be(11, "NaN");
        var (code, _, err) = Emit(CliLedger.Line(CliLedger.Row("e3", 43, 1.50)));
        code.Should().Be(12, "below the floor without review");
        err.Should().Contain("--row:1: reviewed_by:");
        Emit(CliLedger.Line(CliLedger.Row("e4", 43, 1.96) with { Sha = new string('1', 40) })).Code.Should().Be(13, "sha not a commit");
        Emit(CliLedger.Line(CliLedger.Row("e5", 43, 0.5, "reviewer"))).Code.Should().Be(13, "implausibly low bpb");
        Emit(CliLedger.Line(CliLedger.Row("e6", 42, 1.99, reproduces: "e1"))).Code.Should().Be(13, "reproduction off by 0.04");

        File.ReadAllBytes(Ledger).Should().Equal(before, "refused rows are never written");
    }

    [Fact]
    public void Honest_slow_or_early_runs_above_the_band_are_data_and_are_appended() =>
        Emit(CliLedger.Line(CliLedger.Row("slow", 42, 2.6) with { Step = 1000 })).Code.Should().Be(0);

    [Fact]
    public void Emit_needs_exactly_one_source() =>
        NeedleProcess.Run("ledger", "emit", Ledger).ExitCode.Should().Be(64);
}
