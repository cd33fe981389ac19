using Needle.Testing.Snapshots;

namespace Needle.Core.Tests.Snapshots;

/// <summary>The snapshot verifier of tests/Needle.Testing, exercised on temporary files.</summary>
public sealed class SnapshotVerifierTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-snapshot-").FullName;
    private string Verified => Path.Combine(_dir, "Report.Test.verified.md");
    private string Received => Path.Combine(_dir, "Report.Test.received.md");
    private static readonly SnapshotSettings Plain = new(AcceptRequested: false, InCi: false);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_matching_report_passes_and_removes_a_stale_received_file()
    {
        File.WriteAllText(Verified, "# Report\nline\n");
        File.WriteAllText(Received, "old");
        Snapshot.VerifyAt("# Report\r\nline", Verified, Plain);
        File.Exists(Received).Should().BeFalse();
    }

    [Fact]
    public void A_mismatch_writes_received_and_fails_with_a_unified_diff()
    {
        File.WriteAllText(Verified, "a\nb\nc\nd\n");
        var act = () => Snapshot.VerifyAt("a\nB\nc\nd\n", Verified, Plain);
        var message = act.Should().Throw<SnapshotMismatchException>().Which.Message;
        message.Should().Contain("--- Report.Test.verified.md").And.Contain("+++ Report.Test.received.md")
            .And.Contain("@@ -1,4 +1,4 @@").And.Contain("\n-b\n").And.Contain("\n+B\n").And.Contain("\n a\n");
        File.ReadAllText(Received).Should().Be("a\nB\nc\nd\n");
        File.ReadAllText(Verified).Should().Be("a\nb\nc\nd\n", "a failing verify never touches the verified file");
    }

    [Fact]
    public void A_missing_snapshot_fails_and_leaves_the_received_text()
    {
        var act = () => Snapshot.VerifyAt("new\n", Verified, Plain);
        act.Should().Throw<SnapshotMismatchException>().WithMessage("*No committed snapshot*");
        File.Exists(Received).Should().BeTrue();
        File.Exists(Verified).Should().BeFalse();
    }

    [Fact]
    public void Accept_writes_the_verified_file()
    {
        File.WriteAllText(Verified, "old\n");
        Snapshot.VerifyAt("new\n", Verified, new SnapshotSettings(AcceptRequested: true, InCi: false));
        File.ReadAllText(Verified).Should().Be("new\n");
        File.Exists(Received).Should().BeFalse();
    }

    [Fact]
    public void Accept_is_ignored_under_ci()
    {
        File.WriteAllText(Verified, "old\n");
        var act = () => Snapshot.VerifyAt("new\n", Verified, new SnapshotSettings(AcceptRequested: true, InCi: true));
        act.Should().Throw<SnapshotMismatchException>().WithMessage("*never accepted in CI*");
        File.ReadAllText(Verified).Should().Be("old\n");
    }

    [Fact]
    public void Timestamps_durations_shas_and_the_host_are_scrubbed()
    {
        var text = $"at 2026-11-21T12:34:56.789Z took 12.5 s (340 ms, 00:00:01.25) sha a3dfcda990c1c7c760ff038a11bfef20a4e7a77c " +
                   $"short 86c4e6aa9db7 on {Environment.MachineName}; keep 1000 steps, bpb 1.4300, word facade, number 12345678";
        SnapshotScrubber.Scrub(text).Should().Be(
            "at {timestamp} took {duration} ({duration}, {duration}) sha {sha} short {sha} on {host}; keep 1000 steps, bpb 1.4300, word facade, number 12345678");
    }

    [Fact]
    public void Deterministic_build_paths_are_re_rooted_at_the_checkout()
    {
        var resolved = Snapshot.ResolveSource("/_/tests/Needle.Core.Tests/Snapshots/SnapshotVerifierTests.cs");
        resolved.Should().Be(Path.Combine(RepoPaths.Root, "tests/Needle.Core.Tests/Snapshots/SnapshotVerifierTests.cs"));
        File.Exists(resolved).Should().BeTrue();
    }

    [Fact]
    public void Verify_finds_the_snapshot_beside_the_calling_source_file() =>
        Snapshot.Verify("# The verifier's own snapshot\n\nGenerated 2026-01-01T00:00:00Z on sha 0123456789abcdef0123456789abcdef01234567.\n");
}
