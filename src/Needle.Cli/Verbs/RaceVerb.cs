using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Rungs;
using Needle.Search.Asha;
using Needle.Search.Running;
using Needle.Search.Space;
using Needle.Search.Study;
using Needle.Search.Workers;
using Spectre.Console;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle race</c>: runs (or resumes) a study — ASHA over the ladder, N trials at a time, checkpoint per rung.
/// <c>--runner engine</c> (default) trains each trial with the real engine on TinyShakespeare
/// (<see cref="EngineTrialRunner"/>); <c>--runner synthetic</c> is the scheduler's test harness (deterministic
/// synthetic curves, no training).
/// </summary>
public sealed class RaceVerb : ICliVerb
{
    public Command Build()
    {
        var study = new Option<string>("--study")
        {
            Description = "Study: a SQLite file (created if missing, resumed if present), or postgresql://user@host:port/db?study=NAME " +
                          "(a shared study: run any number of these workers on any hosts; password from PGPASSWORD or ~/.pgpass, never in the URL).",
            Required = true,
        };
        var space = new Option<FileInfo?>("--space") { Description = "Search space JSON (required for a new study; checked against the stored one on resume)." };
        var ladder = new Option<string>("--ladder") { Description = "Rungs: six ([100..81000], η=4), three (1000x3^4), R0xETA^COUNT, or STEPS:ETA.", DefaultValueFactory = _ => "six" };
        var budget = new Option<long?>("--budget-steps") { Description = "Total training steps the study may spend (across resumes)." };
        var parallel = new Option<int>("--parallel") { Description = "Trials at a time.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var reportEvery = new Option<int>("--report-every") { Description = "Report cadence in steps (must divide every rung).", DefaultValueFactory = _ => 10 };
        var runner = new Option<string>("--runner") { Description = "Trial runner: engine (the training engine) or synthetic (scheduler test harness: synthetic curves, no training).", DefaultValueFactory = _ => "engine" };
        var masterSeed = new Option<ulong>("--master-seed") { Description = "Master seed of a new study (every random choice derives from it).", DefaultValueFactory = _ => 42 };
        var staleAfter = new Option<double>("--stale-after") { Description = "Seconds without heartbeat after which another host's running trial is requeued.", DefaultValueFactory = _ => 120 };
        var checkpoints = new Option<DirectoryInfo?>("--checkpoints") { Description = "Checkpoint directory (default: STUDY.checkpoints beside the study file)." };
        var syntheticDelay = new Option<int>("--synthetic-delay-ms") { Description = "Synthetic runner only: wall-clock pause per report, to pace a harness run.", DefaultValueFactory = _ => 0 };
        var huntEvery = new Option<int?>("--hunt-every") { Description = "Live seed hunt: every N reports, kill a DIVERGING seed and queue one φ-anchored replacement." };
        var echo = new Option<bool>("--echo-reports") { Description = "Print 'report TRIAL STEP BPB' after each report is stored." };
        var json = new Option<bool>("--json") { Description = "Machine-readable summary as the last stdout line." };
        var worker = new WorkerOptions();

        var command = new Command("race", "Run or resume an ASHA race over a study (checkpoint per rung, N trials at a time).")
        {
            study, space, ladder, budget, parallel, reportEvery, runner, masterSeed, staleAfter, checkpoints, syntheticDelay, huntEvery, echo, json,
        };
        worker.AddTo(command);
        command.SetAction((parse, cancel) => RaceStudyFile.Guard(async () =>
        {
            if (Needle.Core.Invariants.InvariantCheckpoint.Stop("race", Console.Error) is { } invariantStop) return invariantStop;
            var location = StudyLocation.Parse(parse.GetValue(study)!);
            var runnerName = parse.GetValue(runner)!;
            var asJson = parse.GetValue(json);
            ITrialRunner? trialRunner = runnerName switch
            {
                "synthetic" => new SyntheticCurveTrialRunner(TimeProvider.System, TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(syntheticDelay)))),
                "engine" => null, // built below, once the ladder (its last rung = the default schedule horizon) is known
                _ => throw new CliInputException($"--runner '{runnerName}' is unknown; use engine or synthetic."),
            };
            var ladderValue = RungLadder.Parse(parse.GetValue(ladder)!);
            var staleAfterSpan = TimeSpan.FromSeconds(parse.GetValue(staleAfter));
            using var opened = worker.Open(parse, location, staleAfterSpan);
            var storage = opened.Storage;
            var record = OpenOrCreate(storage, location, parse.GetValue(space), ladderValue, parse.GetValue(masterSeed), parse.GetResult(ladder) is { Implicit: false });
            var options = new RaceOptions(
                parse.GetValue(parallel), parse.GetValue(reportEvery),
                parse.GetValue(checkpoints)?.FullName ?? worker.DefaultCheckpointDirectory(location, record),
                parse.GetValue(budget), staleAfterSpan, HuntEveryReports: parse.GetValue(huntEvery), PeerPoll: opened.PeerPoll);
            options.Validate(record.Ladder);
            trialRunner ??= new EngineTrialRunner(Needle.Training.Data.TinyShakespeare.Load(), record.Ladder.Steps[^1], ValidationSample.ForStudy(record.MasterSeed));
            trialRunner = opened.WithCheckpointStore(trialRunner);

            var observer = new ConsoleRaceObserver(parse.GetValue(echo));
            var race = new RaceRunner(storage, record, trialRunner, options, TimeProvider.System, opened.Probe, observer);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, opened.Outage);
            cancel = stop.Token;
            RaceSummary summary;
            try
            {
            if (!asJson && !Console.IsOutputRedirected && !parse.GetValue(echo))
            {
                var total = storage.GetTrials(record.Id).Count;
                summary = await AnsiConsole.Progress().StartAsync(async ctx =>
                {
                    observer.Bar = ctx.AddTask($"race {record.Name}: rung decisions", maxValue: Math.Max(1, total * record.Ladder.Count));
                    return await race.RunAsync(cancel);
                });
            }
            else summary = await race.RunAsync(cancel);
            }
            catch (StudyUnreachableException e)
            {
                await Console.Error.WriteLineAsync(opened.OutageReport(e));
                return 4;
            }
            if (opened.Outage.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync(opened.OutageReport(null));
                return 4;
            }

            var failed = summary.TrialsByState.GetValueOrDefault(nameof(TrialState.Failed));
            var stillRunning = summary.TrialsByState.GetValueOrDefault(nameof(TrialState.Running));
            var node = new JsonObject
            {
                ["study"] = record.Name, ["studyId"] = record.Id, ["file"] = location.Display, ["runner"] = trialRunner.Name,
                ["storage"] = location.Backend.ToString().ToLowerInvariant(), ["host"] = opened.Probe.Current.Host,
                ["hosts"] = WorkerOptions.HostsJson(storage, record.Id),
                ["ladder"] = record.Ladder.ToString(), ["session"] = summary.SessionId, ["recoveredStale"] = summary.RecoveredStaleTrials,
                ["segments"] = summary.SegmentsRun, ["decisions"] = summary.Decisions, ["reportsStored"] = summary.ReportsStored,
                ["reportsInStudy"] = storage.CountReports(record.Id), ["stepsSpent"] = summary.StepsSpent,
                ["cancelled"] = summary.Cancelled, ["budgetExhausted"] = summary.BudgetExhausted,
                ["trials"] = new JsonObject(summary.TrialsByState.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            };
            if (asJson) RaceStudyFile.WriteJson(node);
            else
            {
                Console.Out.WriteLine($"study '{record.Name}' ({location.Display}): {summary.SegmentsRun} segments, {summary.Decisions} rung decisions, " +
                                      $"{summary.ReportsStored} new reports, {summary.StepsSpent} steps spent; trials: " +
                                      string.Join(", ", summary.TrialsByState.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
                if (summary.Cancelled) Console.Out.WriteLine("cancelled: running trials were checkpointed and requeued; run the same command to resume.");
            }
            if (summary.Cancelled) return 130;
            if (failed > 0 || stillRunning > 0)
            {
                await Console.Error.WriteLineAsync($"error: {failed} trial(s) failed; `needle hunt status --study {parse.GetValue(study)} --rung N` and the trials' error column say why.");
                return 3;
            }
            return 0;
        }));
        return command;
    }

    private static StudyRecord OpenOrCreate(IStudyStorage storage, StudyLocation location, FileInfo? spaceFile, RungLadder ladder, ulong masterSeed, bool ladderGiven)
    {
        var where = location.Display;
        var studies = location.StudyName is { } only ? storage.ListStudies().Where(s => s.Name == only).ToList() : storage.ListStudies();
        RaceSpace? space = spaceFile is null ? null : RaceSpace.Load(spaceFile.FullName);
        var spaceJson = spaceFile is null ? null : Canonical(File.ReadAllText(spaceFile.FullName));
        StudyRecord record;
        if (space is null)
        {
            if (studies.Count != 1)
                throw new CliInputException($"{where}: {(studies.Count == 0 ? "a new study needs" : "this file holds several studies; name one with")} --space SPACE.json.");
            record = studies[0];
            space = RaceSpace.Parse(record.SpaceJson, $"{where} (stored space of '{record.Name}')");
        }
        else
        {
            if (location.StudyName is { } named && named != space.Name)
                throw new CliInputException($"{spaceFile!.FullName}: the space is named '{space.Name}' but --study names study '{named}'; make them agree.");
            record = storage.FindStudy(space.Name) ?? CreateOrFind(storage, new StudyDefinition(space.Name, ladder, masterSeed, spaceJson!));
            if (Canonical(record.SpaceJson) != spaceJson)
                throw new CliInputException($"{spaceFile!.FullName}: study '{space.Name}' in {where} was created from a different space. " +
                                            "Resume with the same space file (or none), or start a new --study file.");
        }

        if (ladderGiven && !record.Ladder.Equals(ladder))
            throw new CliInputException($"--ladder {ladder}: study '{record.Name}' runs on ladder {record.Ladder}; a study keeps its ladder. Omit --ladder to resume.");
        // Idempotent: the same plan adds nothing the second time (trials are unique by canon name).
        foreach (var (spec, bracket) in StudyPlanner.Plan(space, record.Ladder, record.MasterSeed))
            storage.AddTrial(record.Id, spec, bracket, DateTimeOffset.UtcNow);
        return record;
    }

    // Several workers may start a new shared study at once: one creates it, the others find it.
    private static StudyRecord CreateOrFind(IStudyStorage storage, StudyDefinition definition)
    {
        try
        {
            return storage.CreateStudy(definition, DateTimeOffset.UtcNow);
        }
        catch (InvalidOperationException) when (storage.FindStudy(definition.Name) is { } created)
        {
            return created;
        }
    }

    private static string Canonical(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!
                .ToJsonString(RaceStudyFile.Json);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private sealed class ConsoleRaceObserver(bool echo) : IRaceObserver
    {
        public ProgressTask? Bar { get; set; }

        public void Reported(TrialRecord trial, long step, double bpb, bool stored)
        {
            if (echo && stored)
                Console.Out.WriteLine(FormattableString.Invariant($"report {trial.Id} {step} {bpb:R}"));
        }

        public void Decided(TrialRecord trial, RungDecision decision)
        {
            if (echo) Console.Out.WriteLine(FormattableString.Invariant($"decision {trial.Id} {decision.RungStep} {decision.Outcome}"));
            Bar?.Increment(1);
        }
    }
}
