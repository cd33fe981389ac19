using System.Text.Json.Nodes;
using Needle.Search.Study;

namespace Needle.Cli.Tests.Race;

/// <summary>
/// Regression: `needle race` on a SQLite study (no peer polling) used to exit 3 with "0 trial(s) failed" when another
/// live process held a trial Running. That trial is the other process's work, not a failure.
/// </summary>
public sealed class RacePeerExitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-race-peer-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    public void A_trial_running_in_another_live_process_is_not_a_failure()
    {
        var study = Path.Combine(_dir, "study.db");
        var space = Path.Combine(_dir, "space.json");
        File.WriteAllText(space, """
            { "name": "peer", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 1, "seeds": [1, 2, 3],
              "configs": [ { "synthetic.binf": 1.8 } ] }
            """);
        var (code, _, stderr) = NeedleProcess.Run("race", "--study", study, "--space", space, "--runner", "synthetic", "--ladder", "10x2^2",
            "--report-every", "10", "--budget-steps", "1");
        code.Should().Be(0, "a run that plans the study and spends nothing: " + stderr);
        using (var storage = new SqliteStudyStorage(study))
        {
            var record = storage.ListStudies().Single();
            var now = DateTimeOffset.UtcNow;
            var peer = storage.OpenSession(record.Id, "another-host", 4242, now, now); // alive: its heartbeat is fresh
            storage.ClaimNextTrial(record.Id, peer.Id, now).Should().NotBeNull();
        }

        (code, var stdout, stderr) = NeedleProcess.Run("race", "--study", study, "--runner", "synthetic", "--report-every", "10", "--json");

        code.Should().Be(0, stderr);
        stderr.Should().NotContain("failed");
        var json = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!;
        json["end"]!.GetValue<string>().Should().Be("finished");
        json["trials"]!["running"]!.GetValue<int>().Should().Be(1, "the other process's trial is still its own");
        json["trials"]!["completed"]!.GetValue<int>().Should().BeGreaterThan(0, "this process ran the rest");
    }
}
