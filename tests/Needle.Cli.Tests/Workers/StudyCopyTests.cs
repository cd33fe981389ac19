using System.Text.Json.Nodes;
using Needle.Search.Study;

namespace Needle.Cli.Tests.Workers;

/// <summary>`needle study copy` as a real process: a raced SQLite study to PostgreSQL and back, compared row for row.</summary>
public sealed class StudyCopyTests : IDisposable
{
    private const string Space = """
        { "name": "laptop", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 101, "seeds": [42, 43],
          "configs": [ { "lr": 0.002 }, { "lr": 0.004 }, { "lr": 0.006 } ] }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("needle-copy-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    public void A_study_copied_from_sqlite_to_postgres_and_back_keeps_every_trial_report_and_decision()
    {
        var cluster = PostgresScratchCluster.Require();
        var db = cluster.CreateDatabase();
        var laptop = Path.Combine(_dir, "race.db");
        var back = Path.Combine(_dir, "back.db");
        File.WriteAllText(Path.Combine(_dir, "space.json"), Space);
        var race = NeedleProcess.RunIn(_dir, null, "race", "--study", laptop, "--space", "space.json", "--ladder", "100x3^3", "--runner", "synthetic",
            "--parallel", "2", "--report-every", "10", "--json");
        race.ExitCode.Should().Be(0, race.StdErr);

        var beforeCopy = DateTimeOffset.UtcNow;
        var up = NeedleProcess.RunIn(_dir, cluster.ClientEnvironment, "study", "copy", "--from", laptop, "--to", cluster.Url(db), "--json");
        up.ExitCode.Should().Be(0, up.StdErr);
        var upJson = JsonNode.Parse(up.StdOut.TrimEnd().Split('\n')[^1])!;
        upJson["verified"]!.GetValue<bool>().Should().BeTrue();
        upJson["reports"]!.GetValue<long>().Should().BeGreaterThan(0);
        var down = NeedleProcess.RunIn(_dir, cluster.ClientEnvironment, "study", "copy", "--from", cluster.Url(db, "laptop"), "--to", back, "--json");
        down.ExitCode.Should().Be(0, down.StdErr);

        using var a = new SqliteStudyStorage(laptop);
        using var b = new SqliteStudyStorage(back);
        var sa = a.FindStudy("laptop")!;
        var sb = b.FindStudy("laptop")!;
        sb.Should().BeEquivalentTo(sa, o => o.Excluding(s => s.Id).Using<DateTimeOffset>(c => c.Subject.Should().BeCloseTo(c.Expectation, TimeSpan.FromMilliseconds(0.001))).WhenTypeIs<DateTimeOffset>());
        var ta = a.GetTrials(sa.Id);
        var tb = b.GetTrials(sb.Id);
        tb.Select(t => (t.Spec.CanonName, t.Spec.ConfigKey, t.State, t.LastStep, t.Checkpoint, t.Bracket, t.Error))
            .Should().Equal(ta.Select(t => (t.Spec.CanonName, t.Spec.ConfigKey, t.State, t.LastStep, t.Checkpoint, t.Bracket, t.Error)));
        for (var i = 0; i < ta.Count; i++)
        {
            b.GetCurve(tb[i].Id).Should().Equal(a.GetCurve(ta[i].Id), "every report survives both copies exactly");
            // Report times are the race's, not the copies' (PostgreSQL keeps microseconds, so compare at that resolution).
            b.GetReports(tb[i].Id).Select(r => r.ReportedAt.UtcTicks / 10).Should().Equal(a.GetReports(ta[i].Id).Select(r => r.ReportedAt.UtcTicks / 10));
        }
        ta.SelectMany(t => a.GetReports(t.Id)).Should().OnlyContain(r => r.ReportedAt < beforeCopy,
            "the race ran before the copies, so times equal to the race's cannot be the copies'");
        var canonA = ta.ToDictionary(t => t.Id, t => t.Spec.CanonName);
        var canonB = tb.ToDictionary(t => t.Id, t => t.Spec.CanonName);
        b.GetRungDecisions(sb.Id).Select(d => (canonB[d.TrialId], d.RungStep, d.Value, d.Outcome, d.Rank, d.Competitors, d.KeepCount))
            .Should().Equal(a.GetRungDecisions(sa.Id).Select(d => (canonA[d.TrialId], d.RungStep, d.Value, d.Outcome, d.Rank, d.Competitors, d.KeepCount)));
        b.GetSessions(sb.Id).Select(s => (s.Host, s.Pid)).Should().Equal(a.GetSessions(sa.Id).Select(s => (s.Host, s.Pid)));
        b.GetSchedulerState(sb.Id, "study_copy").Should().Contain("postgresql://", "the copy records where it came from");

        var again = NeedleProcess.RunIn(_dir, cluster.ClientEnvironment, "study", "copy", "--from", laptop, "--to", cluster.Url(db));
        again.ExitCode.Should().Be(2, again.StdErr);
        again.StdErr.Should().Contain("already has a study named 'laptop'").And.Contain("nothing was copied");
    }

    [Fact]
    public void Hunt_and_report_read_a_postgres_study_by_url_as_they_read_the_sqlite_file()
    {
        var cluster = PostgresScratchCluster.Require();
        var db = cluster.CreateDatabase();
        var laptop = Path.Combine(_dir, "race.db");
        File.WriteAllText(Path.Combine(_dir, "space.json"), Space);
        NeedleProcess.RunIn(_dir, null, "race", "--study", laptop, "--space", "space.json", "--ladder", "100x3^3", "--runner", "synthetic",
            "--parallel", "2", "--report-every", "10").ExitCode.Should().Be(0);
        NeedleProcess.RunIn(_dir, cluster.ClientEnvironment, "study", "copy", "--from", laptop, "--to", cluster.Url(db)).ExitCode.Should().Be(0);
        var url = cluster.Url(db, "laptop");

        JsonNode Last(params string[] args)
        {
            var r = NeedleProcess.RunIn(_dir, cluster.ClientEnvironment, args);
            r.ExitCode.Should().Be(0, r.StdErr);
            return JsonNode.Parse(r.StdOut.TrimEnd().Split('\n')[^1])!;
        }
        foreach (var verb in new[] { new[] { "hunt", "status", "--rung", "300" }, new[] { "report", "leaderboard", "--min-step", "100" } })
        {
            var fromFile = Last([.. verb, "--study", laptop, "--json"]);
            var fromUrl = Last([.. verb, "--study", url, "--json"]);
            fromUrl["rows"]!.AsArray().Count.Should().BeGreaterThan(0);
            Rows(fromUrl).Should().Be(Rows(fromFile), $"`needle {string.Join(' ', verb)}` reads the same study through either backend");
        }
        var report = Last("report", "--study", url, "--out", Path.Combine(_dir, "pg-report"), "--json");
        report["trials"]!.GetValue<int>().Should().Be(6);
        File.ReadAllText(Path.Combine(_dir, "pg-report", "report.md")).Should().Contain("postgresql://needle@").And.NotContain(cluster.Password);

        var missing = NeedleProcess.RunIn(_dir, cluster.ClientEnvironment, "hunt", "status", "--rung", "300", "--study", cluster.Url(db, "nope"));
        missing.ExitCode.Should().Be(2);
        missing.StdErr.Should().Contain("no study named 'nope'").And.Contain("laptop");
    }

    // Row JSON without trial ids (each backend numbers its own rows).
    private static string Rows(JsonNode result)
    {
        var rows = result["rows"]!.AsArray();
        foreach (var row in rows) row!.AsObject().Remove("trial");
        return rows.ToJsonString();
    }

    [Fact]
    public void A_password_in_the_url_is_refused_and_never_echoed()
    {
        var r = NeedleProcess.RunIn(_dir, null, "study", "copy", "--from", "postgresql://needle:hunter2@127.0.0.1:1/x", "--to", Path.Combine(_dir, "x.db"));
        r.ExitCode.Should().Be(2);
        r.StdErr.Should().Contain("PGPASSWORD").And.Contain("~/.pgpass").And.NotContain("hunter2");
        r.StdOut.Should().NotContain("hunter2");
    }
}

/// <summary>Concurrent writers: `needle bench study` with 8 worker processes × 200 reports on one PostgreSQL study.</summary>
public sealed class ConcurrentWriterTests
{
    [Fact]
    public void Eight_worker_processes_of_200_reports_each_store_every_report_once()
    {
        var cluster = PostgresScratchCluster.Require();
        var db = cluster.CreateDatabase();
        var r = NeedleProcess.RunIn(RepoPaths.Root, cluster.ClientEnvironment, "bench", "study", "--storage", "postgres", "--url", cluster.Url(db),
            "--workers", "8", "--trials", "8", "--steps", "2000", "--report-every", "10", "--json");
        r.ExitCode.Should().Be(0, r.StdErr);
        var json = JsonNode.Parse(r.StdOut.TrimEnd().Split('\n')[^1])!;
        json["reports_expected"]!.GetValue<long>().Should().Be(1600);
        json["reports"]!.GetValue<long>().Should().Be(1600, "8 × 200 reports, each stored once (the key (trial, step) forbids a second copy)");
        json["all_completed"]!.GetValue<bool>().Should().BeTrue();
        json["decisions"]!.GetValue<int>().Should().Be(8, "one decision per trial, never two");
        json["failed_workers"]!.GetValue<int>().Should().Be(0);
    }
}
