using System.Text.Json.Nodes;
using Needle.Core.Seeds;
using Needle.Search.Study;

namespace Needle.Cli.Tests.Workers;

/// <summary>
/// Many real `needle race` worker processes on one PostgreSQL study (a throwaway cluster), with the synthetic runner
/// (paced so that the moments below fall mid-trial): a worker killed with SIGKILL, the database restarted, the
/// database gone for longer than the outage limit, and two "hosts" sharing only the database.
/// </summary>
public sealed class SharedStudyWorkerTests : IDisposable
{
    private const string Space = """
        { "name": "shared", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 101, "seeds": [42, 43, 44],
          "configs": [ { "lr": 0.002 }, { "lr": 0.004 }, { "lr": 0.006 }, { "lr": 0.008 } ] }
        """;

    private const int ReportEvery = 10;
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-workers-").FullName;
    private readonly List<WorkerProcess> _workers = [];

    public SharedStudyWorkerTests() => File.WriteAllText(SpaceFile, Space);

    private string SpaceFile => Path.Combine(_dir, "space.json");

    public void Dispose()
    {
        foreach (var w in _workers) w.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    private WorkerProcess Worker(PostgresScratchCluster cluster, string url, string hostId, int delayMs, params string[] extra)
    {
        var w = WorkerProcess.Start(hostId, cluster.ClientEnvironment,
        [
            "race", "--study", url, "--space", SpaceFile, "--ladder", "100x3^3", "--runner", "synthetic", "--parallel", "1",
            "--report-every", "10", "--synthetic-delay-ms", delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--echo-reports", "--json", "--host-id", hostId, "--stale-after", "12", "--db-outage-limit", OutageLimitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--heartbeat-every", "1",
            "--peer-poll-ms", "100", .. extra,
        ]);
        _workers.Add(w);
        return w;
    }

    private static PostgresStudyStorage Open(PostgresScratchCluster cluster, string db) => new(cluster.ConnectionString(db), cluster.Url(db));

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Longer than one connection attempt's own timeout (5 s) plus a backoff, so a slow connect on a loaded
    /// machine is retried rather than taken for an outage (at 3 s a worker stopped with the database still up).</summary>
    private const int OutageLimitSeconds = 8;

    [Theory(Timeout = 240_000)]
    [InlineData(1u)]
    [InlineData(2u)]
    public async Task Three_workers_one_killed_mid_trial_the_study_completes_with_every_report_and_decision_once(uint seed)
    {
        var cluster = PostgresScratchCluster.Require();
        var db = cluster.CreateDatabase();
        var url = cluster.Url(db, "shared");
        var checkpoints = Path.Combine(_dir, "checkpoints");
        var workers = Enumerable.Range(0, 3).Select(i => Worker(cluster, url, "w" + i, 5, "--checkpoints", checkpoints)).ToArray();
        var random = new SeededRandomSource(seed);
        var victim = workers[random.NextInt(3)];
        var killAfter = 3 + random.NextInt(20);

        await victim.Reported(killAfter).WaitAsync(Limit, TestContext.Current.CancellationToken);
        victim.HasExited.Should().BeFalse("the victim must die mid-race");
        victim.Kill();
        (await victim.ExitAsync(Limit)).Should().Be(137, "128 + SIGKILL");
        var victimTrial = victim.Segments.Last().Trial;
        foreach (var w in workers.Where(w => w != victim))
            (await w.ExitAsync(Limit)).Should().Be(0, $"survivor {w.Name} finishes the study; stderr: {w.Stderr}");

        using var storage = Open(cluster, db);
        var study = storage.FindStudy("shared")!;
        SharedStudyAssertions.CompleteAndConsistent(storage, study, ReportEvery, workers.SelectMany(w => w.Reports));
        // No trial run twice: every segment was started once, except the victim's last one, started again by a survivor.
        var segments = workers.SelectMany(w => w.Segments).GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        segments.Where(s => s.Trial != victimTrial).Should().BeEmpty("only the dead worker's segment was run again");
        segments.Should().HaveCountLessThanOrEqualTo(1);
        storage.GetTrial(victimTrial).State.Should().NotBe(TrialState.Running);
    }

    [Fact(Timeout = 240_000)]
    public async Task A_database_restart_mid_race_costs_a_retry_and_loses_nothing()
    {
        using var cluster = PostgresScratchCluster.StartPrivate();
        var db = cluster.CreateDatabase();
        var url = cluster.Url(db, "shared");
        var checkpoints = Path.Combine(_dir, "checkpoints");
        var workers = new[] { Worker(cluster, url, "a", 5, "--checkpoints", checkpoints), Worker(cluster, url, "b", 5, "--checkpoints", checkpoints) };
        await workers[0].Reported(15).WaitAsync(Limit, TestContext.Current.CancellationToken);
        cluster.Restart(); // pg_ctl restart -m fast: every connection is cut
        foreach (var w in workers) (await w.ExitAsync(Limit)).Should().Be(0, $"{w.Name} rides out the restart; stderr: {w.Stderr}");
        workers.Should().Contain(w => w.Stderr.Contains("unreachable", StringComparison.Ordinal) && w.Stderr.Contains("retry", StringComparison.Ordinal),
            "a worker noticed the restart and retried with backoff");
        using var storage = Open(cluster, db);
        SharedStudyAssertions.CompleteAndConsistent(storage, storage.FindStudy("shared")!, ReportEvery, workers.SelectMany(w => w.Reports));
    }

    [Fact(Timeout = 240_000)]
    public async Task A_worker_cut_off_longer_than_the_outage_limit_stops_with_its_trial_checkpointed_and_a_later_worker_finishes()
    {
        using var cluster = PostgresScratchCluster.StartPrivate();
        var db = cluster.CreateDatabase();
        var checkpoints = Path.Combine(_dir, "checkpoints");
        var lonely = Worker(cluster, cluster.Url(db, "shared"), "solo", 5, "--checkpoints", checkpoints);
        await lonely.Reported(12).WaitAsync(Limit, TestContext.Current.CancellationToken);
        cluster.Stop();
        (await lonely.ExitAsync(Limit)).Should().Be(4, "an outage past --db-outage-limit stops the worker with its own exit code");
        lonely.Stderr.Should().Contain($"could not be reached for {OutageLimitSeconds} s").And.Contain("this worker stopped").And.Contain("checkpointed at step");
        var saved = lonely.Stderr.Split('\n').Single(l => l.Contains("checkpointed at step", StringComparison.Ordinal));
        var path = saved[(saved.IndexOf(" in ", StringComparison.Ordinal) + 4)..saved.IndexOf(" (not recorded", StringComparison.Ordinal)];
        File.Exists(path).Should().BeTrue($"the checkpoint it names ({path}) was written before it stopped");

        cluster.Start(); // a new port: the URL changes, the data stay
        var after = Worker(cluster, cluster.Url(db, "shared"), "solo", 0, "--checkpoints", checkpoints);
        (await after.ExitAsync(Limit)).Should().Be(0, after.Stderr);
        using var storage = Open(cluster, db);
        SharedStudyAssertions.CompleteAndConsistent(storage, storage.FindStudy("shared")!, ReportEvery, lonely.Reports.Concat(after.Reports));
    }

    [Fact(Timeout = 240_000)]
    public async Task Two_hosts_sharing_only_the_database_complete_a_study_with_checkpoints_in_it_and_both_are_named()
    {
        var cluster = PostgresScratchCluster.Require();
        var db = cluster.CreateDatabase();
        var url = cluster.Url(db, "shared");
        var alpha = Worker(cluster, url, "alpha", 30, "--checkpoint-store", "database", "--checkpoints", Path.Combine(_dir, "alpha-scratch"));
        await alpha.Reported(10).WaitAsync(Limit, TestContext.Current.CancellationToken); // beta joins a race already under way
        var beta = Worker(cluster, url, "beta", 30, "--checkpoint-store", "database", "--checkpoints", Path.Combine(_dir, "beta-scratch"));
        foreach (var w in new[] { alpha, beta }) (await w.ExitAsync(Limit)).Should().Be(0, w.Stderr);

        using var storage = Open(cluster, db);
        var study = storage.FindStudy("shared")!;
        SharedStudyAssertions.CompleteAndConsistent(storage, study, ReportEvery, alpha.Reports.Concat(beta.Reports));
        storage.GetTrials(study.Id).Should().OnlyContain(t => t.Checkpoint!.Location.StartsWith("db:", StringComparison.Ordinal), "every checkpoint lives in the database");
        var last = JsonNode.Parse(new[] { alpha, beta }.OrderBy(w => w.Lines.Count).Last().Lines[^1])!;
        var hosts = last["hosts"]!.AsObject();
        hosts.Select(h => h.Key).Should().BeEquivalentTo(["alpha", "beta"]);
        hosts.Should().OnlyContain(h => h.Value!["decisions"]!.GetValue<int>() > 0, "both hosts decided rungs");
        new[] { "alpha-scratch", "beta-scratch" }.Should().Contain(d => Directory.Exists(Path.Combine(_dir, d, "from-db")),
            "a promoted trial was resumed from a checkpoint fetched out of the database");
    }
}
