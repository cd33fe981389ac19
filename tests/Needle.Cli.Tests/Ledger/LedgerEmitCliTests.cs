using Needle.Core.Ledger;

namespace Needle.Cli.Tests.Ledger;

public sealed class LedgerEmitCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-emit-").FullName;
    private string Ledger => Path.Combine(_dir, "ledger.jsonl");
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Emit(string rowJson) => NeedleProcess.Run("ledger", "emit", Ledger, "--row", rowJson);

    [Fact]
    public void Emit_stamps_this_builds_commit_and_the_time_seals_the_ledger_and_check_reads_it_back()
    {
        CliLedger.RequireCleanBuild();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var row = CliLedger.Row("e1", 42, 1.95);
        var (code, stdout, stderr) = Emit(CliLedger.EmitLine(row));
        code.Should().Be(0, stderr);
        stdout.Should().Contain($"sha {CliLedger.Build.Sha![..12]}").And.Contain("embargoed until");
        var doc = LedgerReader.Read(Ledger);
        doc.Seal!.PreregistrationSha256.Should().Be(CliLedger.Plan.Sha256);
        var written = doc.Entries.Should().ContainSingle().Which.Row;
        written.Sha.Should().Be(CliLedger.Build.Sha).And.Be(CliLedger.Head, "a clean build of this checkout is HEAD");
        written.Ts.Should().BeOnOrAfter(before).And.BeOnOrBefore(DateTimeOffset.UtcNow.AddSeconds(1));
        written.Should().Be(row with { Sha = written.Sha, Ts = written.Ts });
    }

    [Fact]
    public void Emit_refuses_what_check_would_reject_with_its_own_exit_codes()
    {
        CliLedger.RequireCleanBuild();
        Emit(CliLedger.EmitLine(CliLedger.Row("e1", 42, 1.95))).Code.Should().Be(0);
        var before = File.ReadAllBytes(Ledger);

        Emit(CliLedger.EmitLine(CliLedger.Row("e1", 43, 1.96))).Code.Should().Be(11, "duplicate run_id");
        Emit(CliLedger.EmitLine(CliLedger.Row("e2", 43, 1.96)).Replace("\"bpb\":1.96", "\"bpb\":NaN")).Code.Should().Be(11, "NaN");
        var (code, _, err) = Emit(CliLedger.EmitLine(CliLedger.Row("e3", 43, 1.50)));
        code.Should().Be(12, "below the floor without review");
        err.Should().Contain("--row:1: reviewed_by:");
        var skeleton = CliLedger.Git.FirstCommit();
        (code, _, err) = Emit(CliLedger.Line(CliLedger.Row("e4", 43, 1.96) with { Sha = skeleton, Ts = DateTimeOffset.UtcNow }));
        code.Should().Be(13, "a sha that is not this build's commit");
        err.Should().Contain($"--row:1: sha: {skeleton} is not the commit this needle was built from");
        (code, _, err) = Emit(CliLedger.Line(CliLedger.Row("e4", 43, 1.96) with { Sha = CliLedger.Head }));
        code.Should().Be(13, "a backdated ts");
        err.Should().Contain("--row:1: ts:").And.Contain("cannot be backdated");
        Emit(CliLedger.EmitLine(CliLedger.Row("e5", 43, 0.5, "reviewer"))).Code.Should().Be(13, "implausibly low bpb");
        Emit(CliLedger.EmitLine(CliLedger.Row("e6", 42, 1.99, reproduces: "e1"))).Code.Should().Be(13, "reproduction off by 0.04");
        Emit(CliLedger.EmitLine(CliLedger.Row("e7", 42, 1.95, reproduces: "e1") with { ConfigSha256 = new string('f', 64) }))
            .Code.Should().Be(13, "a reproduction of another configuration");
        Emit(CliLedger.EmitLine(CliLedger.Row("e8", 43, 1.96) with { ConfigSha256 = null })).Code.Should().Be(13, "no config_sha256");

        File.ReadAllBytes(Ledger).Should().Equal(before, "refused rows are never written");
    }

    [Fact]
    public void Honest_slow_or_early_runs_above_the_band_are_data_and_are_appended()
    {
        CliLedger.RequireCleanBuild();
        Emit(CliLedger.EmitLine(CliLedger.Row("slow", 42, 2.6) with { Step = 1000 })).Code.Should().Be(0);
    }

    [Fact]
    public void The_build_embeds_the_commit_it_was_built_from()
    {
        CliLedger.Build.Sha.Should().Be(CliLedger.Head, "Directory.Build.targets writes git rev-parse HEAD into Needle.Core.dll");
        CliLedger.Build.State.Should().NotBe(Core.Git.BuildTreeState.Unknown);
    }

    [Fact]
    public void Emit_needs_exactly_one_source() =>
        NeedleProcess.Run("ledger", "emit", Ledger).ExitCode.Should().Be(64);

    [Fact]
    public void Emit_refuses_a_gates_file_weaker_than_the_preregistration()
    {
        var gates = Path.Combine(_dir, "g.json");
        File.WriteAllText(gates, File.ReadAllText(RepoPaths.InRepo("assertions", "gates.json")).Replace("\"min_step\": 4000", "\"min_step\": 100"));
        var (code, _, stderr) = NeedleProcess.Run("ledger", "emit", Ledger, "--gates", gates, "--row", CliLedger.EmitLine(CliLedger.Row("w", 42, 1.95)));
        code.Should().Be(64);
        stderr.Should().Contain("pre-registered rule: min_step ≥ 4000");
        File.Exists(Ledger).Should().BeFalse();
    }
}
