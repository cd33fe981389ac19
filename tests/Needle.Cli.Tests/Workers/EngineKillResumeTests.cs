using Needle.Search.Curves;
using Needle.Search.Study;

namespace Needle.Cli.Tests.Workers;

/// <summary>
/// The engine runner (a real d16 model on the real corpus, 400 steps) under SIGKILL: a worker is killed mid-trial, a new
/// worker takes the trial over from its last checkpoint, and the finished curve equals an uninterrupted run's to the
/// last bit. On a SQLite file (the restart is the same command again) and on PostgreSQL (a second worker process).
/// </summary>
public sealed class EngineKillResumeTests : IDisposable
{
    // One trial, so ASHA promotes it at every rung whatever the order of events (keep count max(1, 1/η) = 1).
    private const string Space = """
        { "name": "enginekill", "model": "ATTN", "format": "FP32", "experimentIdStart": 101, "seeds": [42],
          "configs": [ { "d_model": 16, "layers": 1, "heads": 2, "ctx": 16, "hidden": 32, "batch": 4, "lr": 0.01, "threads": 1 } ] }
        """;

    // The rungs after the first are far past the kill (step 30): the victim must still be training when the SIGKILL
    // lands, and tens of steps of a d16 model can run in the moment between the test reading report 3 and the signal.
    private const string Ladder = "20,200,400:2";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-enginekill-").FullName;
    private readonly List<WorkerProcess> _workers = [];

    public EngineKillResumeTests() => File.WriteAllText(Path.Combine(_dir, "space.json"), Space);

    public void Dispose()
    {
        foreach (var w in _workers) w.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    private WorkerProcess Worker(IReadOnlyDictionary<string, string> environment, string study, string checkpoints)
    {
        var w = WorkerProcess.Start("engine", environment,
        [
            "race", "--study", study, "--space", Path.Combine(_dir, "space.json"), "--ladder", Ladder, "--runner", "engine", "--parallel", "1",
            "--report-every", "10", "--echo-reports", "--json", "--host-id", "enginekill", "--checkpoints", checkpoints,
            "--stale-after", "20", "--heartbeat-every", "1", "--db-outage-limit", "10", "--peer-poll-ms", "100",
        ]);
        _workers.Add(w);
        return w;
    }

    [Theory(Timeout = 600_000)]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_worker_killed_mid_trial_is_resumed_from_its_checkpoint_and_ends_with_the_uninterrupted_numbers(string backend)
    {
        // The uninterrupted reference: the same space, ladder and master seed, in one process.
        var reference = Worker(new Dictionary<string, string>(), Path.Combine(_dir, "reference.db"), Path.Combine(_dir, "ck-ref"));
        (await reference.ExitAsync(Limit)).Should().Be(0, reference.Stderr);
        IReadOnlyList<CurvePoint> expected;
        using (var r = new SqliteStudyStorage(Path.Combine(_dir, "reference.db")))
            expected = r.GetCurve(r.GetTrials(r.FindStudy("enginekill")!.Id).Single().Id);
        expected.Select(p => p.Step).Should().Equal(Enumerable.Range(1, 40).Select(i => 10L * i));

        var (environment, study, open) = backend == "sqlite"
            ? ((IReadOnlyDictionary<string, string>)new Dictionary<string, string>(), Path.Combine(_dir, "killed.db"),
               (Func<IStudyStorage>)(() => new SqliteStudyStorage(Path.Combine(_dir, "killed.db"))))
            : Postgres();
        var checkpoints = Path.Combine(_dir, "ck");
        var victim = Worker(environment, study, checkpoints);
        await victim.Reported(3).WaitAsync(Limit, TestContext.Current.CancellationToken); // step 30: past rung 20's checkpoint
        victim.Kill();
        (await victim.ExitAsync(Limit)).Should().Be(137, "128 + SIGKILL");

        TrialRecord atKill;
        using (var s = open()) atKill = s.GetTrials(s.FindStudy("enginekill")!.Id).Single();
        atKill.State.Should().Be(TrialState.Running, "killed mid-trial: nobody finished or released it");
        var resumeFrom = atKill.Checkpoint!.Step;
        resumeFrom.Should().BeGreaterThanOrEqualTo(20).And.BeLessThan(400);

        var restarted = Worker(environment, study, checkpoints);
        (await restarted.ExitAsync(Limit)).Should().Be(0, restarted.Stderr);
        var nextRung = Needle.Core.Rungs.RungLadder.Parse(Ladder).NextRungAfter(resumeFrom)!.Value;
        restarted.Segments.First().Should().Be((atKill.Id, resumeFrom, nextRung), "the trial resumes from its last checkpoint, not from step 0");

        using var storage = open();
        var trial = storage.GetTrials(storage.FindStudy("enginekill")!.Id).Single();
        trial.State.Should().Be(TrialState.Completed);
        storage.GetCurve(trial.Id).Should().Equal(expected, "killed and resumed, the run ends with exactly the uninterrupted run's numbers");
        storage.GetRungDecisions(trial.StudyId).Select(d => d.RungStep).Should().Equal([20L, 200, 400]);
    }

    private (IReadOnlyDictionary<string, string>, string, Func<IStudyStorage>) Postgres()
    {
        var cluster = PostgresScratchCluster.Require();
        var db = cluster.CreateDatabase();
        return (cluster.ClientEnvironment, cluster.Url(db, "enginekill"), () => new PostgresStudyStorage(cluster.ConnectionString(db), cluster.Url(db)));
    }
}
