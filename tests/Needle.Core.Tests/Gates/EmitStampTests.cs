using System.Text.Json;
using Needle.Core.Gates;
using Needle.Core.Git;
using Needle.Core.Ledger;
using Needle.Core.Tests.Ledger;

namespace Needle.Core.Tests.Gates;

/// <summary>`ledger emit` stamps sha from the build and ts from its (injected) clock; it refuses anything else.</summary>
public sealed class EmitStampTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly FixedClock Clock = new(Now);
    private static BuildCommit Clean => new(Rows.Head, BuildTreeState.Clean);

    private static string Unstamped()
    {
        var line = LedgerRowSerializer.ToLine(Rows.Row("a", 42, 1.95));
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        node.Remove(LedgerFields.Sha);
        node.Remove(LedgerFields.Ts);
        return node.ToJsonString();
    }

    [Fact]
    public void A_clean_build_stamps_its_commit_and_the_clock_time()
    {
        var (json, problems) = EmitStamp.Apply(Unstamped(), Clean, Clock);
        problems.Should().BeEmpty();
        var row = LedgerRowParser.ParseRow(json!);
        row.Sha.Should().Be(Rows.Head);
        row.Ts.Should().Be(Now);
    }

    [Theory]
    [InlineData(BuildTreeState.Dirty, "dirty")]
    [InlineData(BuildTreeState.Unknown, "unknown")]
    public void A_dirty_or_unknown_build_cannot_stamp_rows(BuildTreeState state, string said)
    {
        var (json, problems) = EmitStamp.Apply(Unstamped(), new BuildCommit(state == BuildTreeState.Unknown ? null : Rows.Head, state), Clock);
        json.Should().BeNull();
        problems.Should().ContainSingle().Which.Message.Should().Contain(said).And.Contain("commit, rebuild");
    }

    [Fact]
    public void A_row_citing_another_commit_is_refused()
    {
        var skeleton = Rows.Git.FirstCommit();
        var row = Unstamped().Replace("{", $"{{\"sha\":\"{skeleton}\",", StringComparison.Ordinal);
        var (_, problems) = EmitStamp.Apply(row, Clean, Clock);
        problems.Should().ContainSingle().Which.Should().Match<LedgerRejection>(r =>
            r.Field == LedgerFields.Sha && r.Message.Contains("not the commit this needle was built from"));
    }

    [Theory]
    [InlineData(-60, false)]
    [InlineData(-4, true)]
    [InlineData(60 * 24, false)]
    public void A_supplied_ts_must_be_now_so_the_embargo_cannot_be_backdated(int minutes, bool accepted)
    {
        var ts = LedgerRowSerializer.FormatTimestamp(Now.AddMinutes(minutes));
        var (_, problems) = EmitStamp.Apply(Unstamped().Replace("{", $"{{\"ts\":\"{ts}\",", StringComparison.Ordinal), Clean, Clock);
        problems.Any(p => p.Field == LedgerFields.Ts).Should().Be(!accepted);
    }

    [Fact]
    public void Broken_json_is_left_for_the_parser_to_report_with_its_field() =>
        EmitStamp.Apply("{\"run_id\":", Clean, Clock).Problems.Should().BeEmpty();

    [Fact]
    public void The_commit_of_this_test_assembly_build_is_readable()
    {
        // Core.Tests is not stamped (only needle.dll is): it reads as unknown, never as a made-up commit.
        BuildCommit.Of(typeof(EmitStampTests).Assembly).Should().Be(new BuildCommit(null, BuildTreeState.Unknown));
        JsonDocument.Parse(Unstamped()).RootElement.TryGetProperty("sha", out _).Should().BeFalse();
    }
}
