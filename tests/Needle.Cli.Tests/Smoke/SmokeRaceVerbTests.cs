using System.Text.Json.Nodes;
using Needle.Testing.Snapshots;

namespace Needle.Cli.Tests.Smoke;

/// <summary>
/// The GATE-0 smoke race end to end: `needle smoke-race` as a real child process on the real engine and corpus,
/// every criterion GREEN, the markdown report snapshot-verified (BPB rounded to 3 decimals; engine training is
/// deterministic, so the same machine gives the same numbers).
/// </summary>
public sealed class SmokeRaceVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-smoke-race-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Smoke_race_ends_with_every_criterion_green_and_its_report_matches_the_snapshot()
    {
        var report = Path.Combine(_dir, "smoke.md");
        var (code, stdout, stderr) = NeedleProcess.Run("smoke-race", "--study", Path.Combine(_dir, "smoke.db"), "--out", report, "--json");
        code.Should().Be(0, stderr);
        var json = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!;
        json["allGreen"]!.GetValue<bool>().Should().BeTrue();
        var criteria = json["criteria"]!.AsArray();
        criteria.Should().HaveCount(15);
        criteria.Select(c => c!["verdict"]!.GetValue<string>()).Should().OnlyContain(v => v == "GREEN");
        json["runs"]!.AsArray().Should().HaveCount(21);
        Snapshot.Verify(File.ReadAllText(report));
    }
}
