using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Processes;
using Needle.Search.Study;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle bench study --storage sqlite|postgres --workers N</c>: N real <c>needle race</c> worker processes
/// (synthetic runner, no delay, one trial at a time each) on one fresh study whose ladder has a single rung of
/// <c>--steps</c> steps, so every trial is one claim, steps/report-every reports and one decision. Prints claims per
/// second and reports per second over the workers' sessions (first session opened → last closed; process start-up
/// is reported beside it), and checks the study afterwards: every trial Completed, every report stored once.
/// A benchmark that prints figures, never a timed test.
/// </summary>
internal static class StudyBench
{
    public static Command Build()
    {
        var storage = new Option<string>("--storage") { Description = "sqlite (a temporary file) or postgres (needs --url).", Required = true }.OneOf("sqlite", "postgres");
        var workers = new Option<int>("--workers") { Description = "Worker processes.", DefaultValueFactory = _ => 1 };
        var url = new Option<string?>("--url") { Description = "postgres: postgresql://user@host:port/db (password from PGPASSWORD/~/.pgpass); a fresh study is made in it." };
        var trials = new Option<int>("--trials") { Description = "Trials in the study (default: 8 per worker).", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Steps per trial (its single rung): steps/report-every reports per claim.", DefaultValueFactory = _ => 200 };
        var reportEvery = new Option<int>("--report-every") { Description = "Report cadence.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Figures as JSON on the last stdout line." };
        var command = new Command("study", "Claims and reports per second of N worker processes on one study (SQLite file or PostgreSQL).")
        {
            storage, workers, url, trials, steps, reportEvery, json,
        };
        command.SetAction((parse, _) => RaceStudyFile.Guard(() => Task.FromResult(Run(parse.GetValue(storage)!, parse.GetValue(workers), parse.GetValue(url),
            parse.GetValue(trials), parse.GetValue(steps), parse.GetValue(reportEvery), parse.GetValue(json)))));
        return command;
    }

    private static int Run(string storage, int workers, string? url, int trials, int steps, int reportEvery, bool asJson)
    {
        if (workers < 1) throw new CliInputException($"--workers {workers}: at least 1.");
        if (steps < reportEvery || steps % reportEvery != 0) throw new CliInputException($"--steps {steps} must be a positive multiple of --report-every {reportEvery}.");
        trials = trials > 0 ? trials : 8 * workers;
        var dir = Directory.CreateTempSubdirectory("needle-bench-study-").FullName;
        var name = FormattableString.Invariant($"bench-{storage}-{workers}w-{Guid.NewGuid():N}")[..32];
        var location = storage switch
        {
            "sqlite" => StudyLocation.Parse(Path.Combine(dir, "bench.db")),
            "postgres" when url is not null && StudyLocation.LooksLikeUrl(url) => StudyLocation.Parse(url.Split('?')[0] + "?study=" + name),
            "postgres" => throw new CliInputException("--storage postgres needs --url postgresql://user@host:port/db (docs/postgres-study.md shows a throwaway cluster)."),
            _ => throw new CliInputException($"--storage '{storage}' is unknown; use sqlite or postgres."),
        };
        var configs = string.Join(", ", Enumerable.Range(0, trials).Select(i => string.Create(CultureInfo.InvariantCulture, $"{{ \"lr\": {0.0001 * (i + 1):R} }}")));
        var spaceFile = Path.Combine(dir, "space.json");
        File.WriteAllText(spaceFile, $$"""{ "name": "{{name}}", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 101, "seeds": [42], "configs": [ {{configs}} ] }""");
        var ladder = string.Create(CultureInfo.InvariantCulture, $"{steps}:4");
        var studyArg = location.Backend == StudyBackend.Sqlite ? location.FilePath! : location.Display;

        // The study is created first, so workers only claim: the bench measures the race, not a creation stampede.
        var create = Run(studyArg, spaceFile, ladder, reportEvery, "bench-setup", dir, dryRun: true).GetAwaiter().GetResult();
        if (create.ExitCode != 0) throw new InvalidOperationException($"creating the bench study failed (exit {create.ExitCode}): {create.StdErr.Trim()}");
        var clock = Stopwatch.StartNew();
        var outcomes = Task.WhenAll(Enumerable.Range(0, workers).Select(i => Run(studyArg, spaceFile, ladder, reportEvery, $"bench-{i}", dir, dryRun: false)))
            .GetAwaiter().GetResult();
        var failed = 0;
        var failures = new JsonArray();
        foreach (var p in outcomes)
        {
            if (p.ExitCode == 0) continue;
            failed++;
            var lines = p.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var why = lines.FirstOrDefault(l => l.StartsWith("error", StringComparison.OrdinalIgnoreCase))
                      ?? lines.FirstOrDefault(l => l.Contains("exception", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? "(no message)";
            failures.Add(FormattableString.Invariant($"exit {p.ExitCode}: {why.Trim()}"));
        }
        var wallWithStartup = clock.Elapsed.TotalSeconds;

        using var opened = location.Open();
        var study = opened.FindStudy(name) ?? throw new InvalidOperationException($"{location.Display}: the bench study '{name}' was not created");
        var all = opened.GetTrials(study.Id);
        var sessions = opened.GetSessions(study.Id).Where(s => s.Host != "bench-setup").ToList();
        var reports = opened.CountReports(study.Id);
        var expected = (long)trials * (steps / reportEvery);
        var first = sessions.Min(s => s.StartedAt);
        var last = sessions.Max(s => s.EndedAt ?? s.HeartbeatAt);
        var wall = (last - first).TotalSeconds;
        var completed = all.Count(t => t.State == TrialState.Completed);
        var node = new JsonObject
        {
            ["storage"] = storage, ["workers"] = workers, ["trials"] = trials, ["steps"] = steps, ["report_every"] = reportEvery,
            ["claims"] = completed, ["reports"] = reports, ["reports_expected"] = expected, ["all_completed"] = completed == trials,
            ["decisions"] = opened.GetRungDecisions(study.Id).Count, ["failed_workers"] = failed, ["failures"] = failures,
            ["wall_s"] = Math.Round(wall, 3), ["wall_with_startup_s"] = Math.Round(wallWithStartup, 3),
            ["claims_per_s"] = Math.Round(completed / wall, 1), ["reports_per_s"] = Math.Round(reports / wall, 1),
            ["machine_cpus"] = Environment.ProcessorCount,
        };
        if (asJson) RaceStudyFile.WriteJson(node);
        else
            CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{storage}, {workers} workers: {completed}/{trials} trials, {reports}/{expected} reports in {wall:0.00} s of sessions ({wallWithStartup:0.00} s with start-up): " +
                $"{completed / wall:0.0} claims/s, {reports / wall:0.0} reports/s; {failed} worker(s) failed"));
        if (location.Backend == StudyBackend.Sqlite) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { /* temp */ }
        return failed == 0 && completed == trials && reports == expected ? ExitCodes.Ok : ExitCodes.WorkFailed;
    }

    private static Task<ProcessOutcome> Run(string study, string space, string ladder, int reportEvery, string host, string dir, bool dryRun)
    {
        var executable = Environment.ProcessPath ?? "dotnet";
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet") args.Add(typeof(StudyBench).Assembly.Location);
        args.AddRange(["race", "--study", study, "--space", space, "--ladder", ladder, "--runner", "synthetic", "--parallel", "1",
            "--report-every", reportEvery.ToString(CultureInfo.InvariantCulture), "--json", "--host-id", host, "--checkpoints", Path.Combine(dir, "checkpoints"), "--peer-poll-ms", "100"]);
        if (dryRun) args.Add("--budget-steps=1"); // plans the study and spends nothing
        return ProcessRunner.RunAsync(executable, args, dir);
    }
}
