using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Seeds;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Cli.Tests.Verbs;

/// <summary>
/// `needle race` as a real child process on a real SQLite study, driven by the synthetic harness runner:
/// kill -9 at a seeded random moment, then resume.
/// </summary>
public sealed class RaceVerbTests : IDisposable
{
    private const string Space = """
        { "name": "crash", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 101, "seeds": [42, 43, 44],
          "configs": [ { "lr": 0.002 }, { "lr": 0.004 }, { "lr": 0.006 } ] }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("needle-race-cli-").FullName;
    private string StudyFile => Path.Combine(_dir, "study.db");
    private string SpaceFile => Path.Combine(_dir, "space.json");

    public RaceVerbTests() => File.WriteAllText(SpaceFile, Space);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    public async Task Kill_9_at_a_random_moment_loses_no_report_leaves_nothing_running_and_resume_continues_the_study(uint seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var killAfter = 5 + new SeededRandomSource(seed).NextInt(80); // reports seen before the kill
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { NeedleProcess.DllPath, "race", "--study", StudyFile, "--space", SpaceFile, "--ladder", "100x3^4",
                     "--runner", "synthetic", "--parallel", "2", "--report-every", "10", "--synthetic-delay-ms", "4", "--echo-reports" })
            psi.ArgumentList.Add(a);

        var announced = new List<(long Trial, long Step, double Bpb)>();
        using (var child = Process.Start(psi)!)
        {
            var stderr = child.StandardError.ReadToEndAsync(ct);
            while (announced.Count < killAfter && await child.StandardOutput.ReadLineAsync(ct) is { } line)
                if (ParseReport(line) is { } r) announced.Add(r);
            child.HasExited.Should().BeFalse("the race must still be running when it is killed");
            child.Kill(); // SIGKILL: no handler, no flush, no finally
            while (await child.StandardOutput.ReadLineAsync(ct) is { } rest)
                if (ParseReport(rest) is { } r) announced.Add(r);
            await child.WaitForExitAsync(ct);
            child.ExitCode.Should().Be(137, "128 + SIGKILL(9): the process was killed, it did not exit");
        }

        long studyId;
        int leftRunning;
        using (var storage = new SqliteStudyStorage(StudyFile))
        {
            var study = storage.ListStudies().Should().ContainSingle().Subject;
            studyId = study.Id;
            var stored = storage.GetTrials(study.Id).SelectMany(t => storage.GetCurve(t.Id).Select(p => (t.Id, p.Step, p.Bpb))).ToHashSet();
            announced.Should().OnlyContain(r => stored.Contains(r), "every report the child announced had been committed before it said so");
            storage.GetTrials(study.Id).Should().Contain(t => t.State == TrialState.Waiting || t.State == TrialState.Running,
                "the kill interrupted the race, so work is left");
            leftRunning = storage.GetTrials(study.Id).Count(t => t.State == TrialState.Running);
        }

        var (code, stdout, stderrText) = NeedleProcess.Run("race", "--study", StudyFile, "--runner", "synthetic", "--parallel", "2", "--json");
        code.Should().Be(0, stderrText);
        var summary = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!;
        summary["study_id"]!.GetValue<long>().Should().Be(studyId, "resuming continues the same study");
        summary["recovered_stale"]!.GetValue<int>().Should().Be(leftRunning, "every trial the dead process left Running is detected as stale");

        using (var storage = new SqliteStudyStorage(StudyFile))
        {
            var study = storage.ListStudies().Should().ContainSingle().Subject;
            var trials = storage.GetTrials(study.Id);
            trials.Should().HaveCount(9, "no trial was duplicated by the restart");
            trials.Should().OnlyContain(t => t.State == TrialState.Completed || t.State == TrialState.Pruned,
                "after resume nothing is stuck Running and nothing is left to do");
            foreach (var t in trials)
            {
                var curve = storage.GetCurve(t.Id);
                curve.Select(p => p.Step).Should().Equal(Enumerable.Range(1, (int)(t.LastStep / 10)).Select(i => i * 10L),
                    $"{t.Spec.CanonName}: every cadence step once, no gap across the crash");
                var synthetic = SyntheticCurve.For(t.Spec);
                curve.Should().OnlyContain(p => p.Bpb == synthetic.At(p.Step), "reports are the runner's values, never overwritten");
                study.Ladder.Contains(t.LastStep).Should().BeTrue("a trial stops only at a rung");
            }
            storage.GetRungDecisions(study.Id).Select(d => (d.TrialId, d.RungStep)).Should().OnlyHaveUniqueItems();
            storage.GetSession(1)!.EndedAt.Should().BeNull("the killed session never closed");
        }
    }

    [Fact]
    public async Task A_graceful_kill_SIGTERM_checkpoints_running_trials_closes_the_session_and_resume_continues_from_the_checkpoints()
    {
        var ct = TestContext.Current.CancellationToken;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { NeedleProcess.DllPath, "race", "--study", StudyFile, "--space", SpaceFile, "--ladder", "100x3^4",
                     "--runner", "synthetic", "--parallel", "2", "--report-every", "10", "--synthetic-delay-ms", "10", "--echo-reports", "--json" })
            psi.ArgumentList.Add(a);
        string last = "";
        using (var child = Process.Start(psi)!)
        {
            _ = child.StandardError.ReadToEndAsync(ct);
            var seen = 0;
            while (seen < 25 && await child.StandardOutput.ReadLineAsync(ct) is { } line)
                if (line.StartsWith("report ", StringComparison.Ordinal)) seen++;
            using (var term = Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync(ct);
            while (await child.StandardOutput.ReadLineAsync(ct) is { } rest) if (rest.Length > 0) last = rest;
            await child.WaitForExitAsync(ct);
            child.ExitCode.Should().Be(130, "a cancelled race says so with 130 after leaving the study consistent");
        }
        JsonNode.Parse(last)!["cancelled"]!.GetValue<bool>().Should().BeTrue();
        using (var storage = new SqliteStudyStorage(StudyFile))
        {
            var study = storage.ListStudies().Single();
            var trials = storage.GetTrials(study.Id);
            trials.Should().NotContain(t => t.State == TrialState.Running, "a graceful kill requeues what was running");
            trials.Where(t => t.Checkpoint is { } c && !study.Ladder.Contains(c.Step))
                .Should().NotBeEmpty().And.OnlyContain(t => t.State == TrialState.Waiting && t.Checkpoint!.Step == t.LastStep,
                    "interrupted trials keep a checkpoint exactly where they stopped");
            storage.GetSession(1)!.EndedAt.Should().NotBeNull("the session closed cleanly");
        }
        var (code, stdout, stderr) = NeedleProcess.Run("race", "--study", StudyFile, "--runner", "synthetic", "--parallel", "2", "--json");
        code.Should().Be(0, stderr);
        JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!["recovered_stale"]!.GetValue<int>().Should().Be(0, "nothing was left stale");
        using (var storage = new SqliteStudyStorage(StudyFile))
        {
            foreach (var t in storage.GetTrials(storage.ListStudies().Single().Id))
                storage.GetCurve(t.Id).Select(p => p.Step).Should().Equal(Enumerable.Range(1, (int)(t.LastStep / 10)).Select(i => i * 10L));
        }
    }

    [Fact]
    public void The_engine_runner_trains_real_trials_and_stores_their_reports()
    {
        var space = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(space, """
            { "name": "tiny", "model": "ATTN", "format": "FP32", "experimentIdStart": 101, "seeds": [42],
              "configs": [ { "d_model": "16", "layers": "1", "heads": "2", "ctx": "16", "batch": "2" } ] }
            """);
        var (code, stdout, stderr) = NeedleProcess.Run("race", "--study", StudyFile, "--space", space, "--ladder", "10x2^2",
            "--parallel", "1", "--report-every", "10", "--json");
        code.Should().Be(0, stderr);
        var json = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!;
        json["runner"]!.GetValue<string>().Should().Be("engine");
        json["reports_in_study"]!.GetValue<long>().Should().Be(2, "one trial, rungs 10 and 20, a report every 10 steps");
        using var storage = new SqliteStudyStorage(StudyFile);
        var trial = storage.GetTrials(storage.ListStudies()[0].Id).Single();
        storage.GetCurve(trial.Id).Should().OnlyContain(p => double.IsFinite(p.Bpb) && p.Bpb > 0 && p.Bpb < 9);
    }

    [Fact]
    public void Hunt_and_leaderboard_read_a_raced_study()
    {
        NeedleProcess.Run("race", "--study", StudyFile, "--space", SpaceFile, "--ladder", "1000x3^4", "--runner", "synthetic",
            "--parallel", "1", "--report-every", "100", "--json").ExitCode.Should().Be(0);
        var again = NeedleProcess.Run("race", "--study", StudyFile, "--space", SpaceFile, "--runner", "synthetic", "--report-every", "100", "--json");
        again.ExitCode.Should().Be(0, again.StdErr);
        var rerun = JsonNode.Parse(again.StdOut.TrimEnd().Split('\n')[^1])!;
        rerun["segments"]!.GetValue<int>().Should().Be(0, "re-running the same race is idempotent: nothing left to run");
        (rerun["trials"]!["completed"]!.GetValue<int>() + rerun["trials"]!["pruned"]!.GetValue<int>()).Should().Be(9, "and no trial was duplicated");

        var (code, stdout, stderr) = NeedleProcess.Run("hunt", "status", "--study", StudyFile, "--rung", "1000", "--json");
        code.Should().Be(0, stderr);
        var rows = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!["rows"]!.AsArray();
        rows.Should().HaveCount(9, "all nine trials reported at the first rung");
        rows.Select(r => r!["state"]!.GetValue<string>()).Should().Contain("LEADING");

        (code, stdout, _) = NeedleProcess.Run("report", "leaderboard", "--study", StudyFile, "--json");
        code.Should().Be(0);
        var board = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!["rows"]!.AsArray();
        board.Should().NotBeEmpty();
        board.Should().OnlyContain(r => r!["step"]!.GetValue<long>() >= 4000);

        (code, stdout, _) = NeedleProcess.Run("hunt", "mirror", "--study", StudyFile, "--leader", "IGLA-TRAIN_V2-FP32-E0101-seed42",
            "--count", "3", "--strategy", "sibling", "--json");
        code.Should().Be(0);
        JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!["added"]!.AsArray().Select(a => a!["seed"]!.GetValue<uint>())
            .Should().Equal([41u, 40u, 45u], "seed ± 1, ± 2, … skipping 43 and 44, already used by the config");

        (code, _, stderr) = NeedleProcess.Run("hunt", "status", "--study", Path.Combine(_dir, "typo.db"), "--rung", "1000");
        code.Should().Be(2);
        stderr.Should().Contain("typo.db").And.Contain("not found");
    }

    private static (long, long, double)? ParseReport(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 4 || parts[0] != "report") return null;
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture));
    }
}
