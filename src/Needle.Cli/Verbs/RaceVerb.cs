using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Rungs;
using Needle.Core.Vectors;
using Needle.Search.Asha;
using Needle.Search.Running;
using Needle.Search.Space;
using Needle.Search.Study;
using Needle.Search.Workers;
using Needle.Cli.Race;

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
            DefaultValueFactory = _ => DefaultStudy,
        };
        var space = new Option<string?>("--space")
        {
            Description = $"Search space: a shipped one ({string.Join(", ", ShippedSpaces.Names)}; spaces/*.json) or a space file. " +
                          "Default: the study's stored space when resuming, else 'default'. Checked against the stored one on resume.",
        };
        var ladder = new Option<string>("--ladder") { Description = "Rungs: six ([100..81000], η=4), three (1000x3^4), R0xETA^COUNT, or STEPS:ETA. Default: the space's ladder, else six." };
        var wallBudget = new Option<string>("--budget")
        {
            Description = "Wall-clock time this run may spend: 90s, 10m, 1h, 1h30m. When it runs out, running trials are checkpointed; run again to resume.",
            DefaultValueFactory = _ => WallBudget.Default,
        };
        var budget = new Option<long?>("--budget-steps") { Description = "Training steps the whole study may spend: across resumes and across every worker on the study." };
        var parallel = new Option<int>("--parallel") { Description = "Trials at a time.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var reportEvery = new Option<int?>("--report-every") { Description = "Report cadence in steps (must divide every rung). Default: the space's, else 10." };
        var runner = new Option<string>("--runner") { Description = "Trial runner: engine (the training engine) or synthetic (scheduler test harness: synthetic curves, no training).", DefaultValueFactory = _ => "engine" }.OneOf("engine", "synthetic");
        var masterSeed = new Option<ulong>("--master-seed") { Description = "Master seed of a new study (every random choice derives from it).", DefaultValueFactory = _ => 42 };
        var staleAfter = new Option<double>("--stale-after") { Description = "Seconds without heartbeat after which another host's running trial is requeued.", DefaultValueFactory = _ => 120 };
        var checkpoints = new Option<DirectoryInfo?>("--checkpoints") { Description = "Checkpoint directory (default: STUDY.checkpoints beside the study file)." };
        var syntheticDelay = new Option<int>("--synthetic-delay-ms") { Description = "Synthetic runner only: wall-clock pause per report, to pace a harness run.", DefaultValueFactory = _ => 0 };
        var huntEvery = new Option<int?>("--hunt-every") { Description = "Live seed hunt: every N reports, kill a DIVERGING seed and queue one φ-anchored replacement." };
        var echo = new Option<bool>("--echo-reports") { Description = "Print 'report TRIAL STEP BPB' after each report is stored." };
        var json = new Option<bool>("--json") { Description = "Machine-readable summary as the last stdout line." };
        var vectors = new Option<string>("--vectors")
        {
            Description = "Accelerators to use, e.g. v4,v7: each is on only if its evidence (assertions/evidence) holds and it has a live component that runs on this race (V4 needs a ladder starting 100,300 like the history's); the study records why any is off.",
        }.ListOf([.. VectorNames.All.Select(v => v.Id.ToLowerInvariant())], RaceVectors.IsVector);
        var worker = new WorkerOptions();

        var command = new Command("race", "Run or resume an ASHA race over a study (checkpoint per rung, N trials at a time).")
        {
            study, space, ladder, wallBudget, budget, parallel, reportEvery, runner, masterSeed, staleAfter, checkpoints, syntheticDelay, huntEvery, echo, json, vectors,
        };
        worker.AddTo(command);
        command.SetAction((parse, cancel) => RaceStudyFile.Guard(async () =>
        {
            if (Needle.Core.Invariants.InvariantCheckpoint.Stop("race", CliConsole.Error) is { } invariantStop) return invariantStop;
            var location = StudyLocation.Parse(parse.GetValue(study)!);
            var runnerName = parse.GetValue(runner)!;
            var asJson = parse.GetValue(json);
            ITrialRunner? trialRunner = runnerName switch
            {
                "synthetic" => new SyntheticCurveTrialRunner(TimeProvider.System, TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(syntheticDelay)))),
                "engine" => null, // built below, once the ladder (its last rung = the default schedule horizon) is known
                _ => throw new CliInputException($"--runner '{runnerName}' is unknown; use engine or synthetic."),
            };
            var ladderText = parse.GetValue(ladder);
            var ladderValue = ladderText is null ? null : RungLadder.Parse(ladderText);
            var wallLimit = WallBudget.Parse(parse.GetValue(wallBudget)!);
            var staleAfterSpan = TimeSpan.FromSeconds(parse.GetValue(staleAfter));
            using var opened = worker.Open(parse, location, staleAfterSpan);
            var storage = opened.Storage;
            var vectorStates = RaceVectors.Parse(parse.GetValue(vectors));
            var newStudyLadder = runnerName == "engine" && ladderValue is null
                ? (RaceSpace s, RungLadder baseLadder, IReadOnlyList<(TrialSpec Spec, int Bracket)> plan) =>
                    SizeToBudget(s, baseLadder, plan, parse.GetValue(parallel), parse.GetValue(reportEvery) ?? s.ReportEvery ?? 10, wallLimit, parse.GetValue(masterSeed), cancel)
                : (Func<RaceSpace, RungLadder, IReadOnlyList<(TrialSpec Spec, int Bracket)>, RungLadder>?)null;
            var (record, raceSpace) = OpenOrCreate(storage, location, parse.GetValue(space), ladderValue, parse.GetValue(masterSeed), vectorStates, newStudyLadder);
            var options = new RaceOptions(
                parse.GetValue(parallel), parse.GetValue(reportEvery) ?? raceSpace.ReportEvery ?? 10,
                parse.GetValue(checkpoints)?.FullName ?? worker.DefaultCheckpointDirectory(location, record),
                parse.GetValue(budget), staleAfterSpan, worker.HeartbeatEvery(parse, staleAfterSpan), HuntEveryReports: parse.GetValue(huntEvery), PeerPoll: opened.PeerPoll,
                Veto: vectorStates?.Veto);
            options.Validate(record.Ladder);
            trialRunner ??= new EngineTrialRunner(Needle.Training.Data.TinyShakespeare.Load(), record.Ladder.Steps[^1], ValidationSample.ForStudy(record.MasterSeed));
            trialRunner = opened.WithCheckpointStore(trialRunner);

            // Live progress goes to stderr (one line per rung decision), so stdout keeps the leaderboard and --json.
            var progress = new RaceProgressLines(CliConsole.Error, storage, record, TimeProvider.System, wallLimit);
            IRaceObserver observer = parse.GetValue(echo) ? new ConsoleRaceObserver(echo: true) : progress;
            var race = new RaceRunner(storage, record, trialRunner, options, TimeProvider.System, opened.Probe, observer);
            var interrupted = cancel;
            using var budgetStop = new CancellationTokenSource(wallLimit);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, opened.Outage, budgetStop.Token);
            cancel = stop.Token;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (!parse.GetValue(echo)) progress.Started(location.Display, options.Parallelism);
            RaceSummary summary;
            try
            {
                summary = await race.RunAsync(cancel);
            }
            catch (StudyUnreachableException e)
            {
                await CliConsole.Error.WriteLineAsync(opened.OutageReport(e));
                return ExitCodes.StudyUnreachable;
            }
            if (opened.Outage.IsCancellationRequested)
            {
                await CliConsole.Error.WriteLineAsync(opened.OutageReport(null));
                return ExitCodes.StudyUnreachable;
            }

            var end = interrupted.IsCancellationRequested ? RaceEnd.Interrupted
                : budgetStop.IsCancellationRequested ? RaceEnd.BudgetSpent
                : summary.BudgetExhausted ? RaceEnd.StepBudgetSpent
                : RaceEnd.Finished;
            var standings = RaceStandings.For(storage, record);
            var node = new JsonObject
            {
                ["study"] = record.Name, ["study_id"] = record.Id, ["file"] = location.Display, ["runner"] = trialRunner.Name,
                ["storage"] = location.Backend.ToString().ToLowerInvariant(), ["host"] = opened.Probe.Current.Host,
                ["hosts"] = WorkerOptions.HostsJson(storage, record.Id),
                ["ladder"] = record.Ladder.ToString(), ["session"] = summary.SessionId, ["recovered_stale"] = summary.RecoveredStaleTrials,
                ["segments"] = summary.SegmentsRun, ["decisions"] = summary.Decisions, ["reports_stored"] = summary.ReportsStored,
                ["reports_in_study"] = storage.CountReports(record.Id), ["steps_spent"] = summary.StepsSpent,
                ["cancelled"] = summary.Cancelled, ["budget_exhausted"] = summary.BudgetExhausted,
                ["end"] = end.ToString().ToLowerInvariant() switch { "budgetspent" => "budget_spent", "stepbudgetspent" => "step_budget_spent", var e => e },
                ["wall_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["trials"] = new JsonObject(summary.TrialsByState.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key.ToLowerInvariant(), (JsonNode?)kv.Value))),
                ["leaderboard"] = RaceFinish.LeaderboardJson(standings),
            };
            if (asJson) RaceStudyFile.WriteJson(node);
            else RaceFinish.WriteText(CliConsole.Out, CliConsole.Error, end, summary, standings, parse.GetValue(study)!, clock.Elapsed);
            if (asJson && summary.TrialsByState.GetValueOrDefault(nameof(TrialState.Failed)) is > 0 and var failedCount)
                await CliConsole.Error.WriteLineAsync($"error: {failedCount} trial(s) failed; `needle hunt status --study {parse.GetValue(study)} --rung N` and the trials' error column say why.");
            return RaceFinish.Exit(end, summary);
        }));
        return command;
    }

    /// <summary>What <c>needle race</c> with no options writes to: a SQLite file in the working directory.</summary>
    public const string DefaultStudy = "needle-race.db";

    private static (StudyRecord Record, RaceSpace Space) OpenOrCreate(IStudyStorage storage, StudyLocation location, string? spaceArgument, RungLadder? ladder, ulong masterSeed,
        RaceVectors? vectors, Func<RaceSpace, RungLadder, IReadOnlyList<(TrialSpec Spec, int Bracket)>, RungLadder>? newStudyLadder)
    {
        var where = location.Display;
        var studies = location.StudyName is { } only ? storage.ListStudies().Where(s => s.Name == only).ToList() : storage.ListStudies();
        if (spaceArgument is null && studies.Count > 1)
            throw new CliInputException($"{where}: this file holds several studies ({string.Join(", ", studies.Select(s => s.Name))}); name one with --space.");
        StudyRecord record;
        RaceSpace space;
        if (spaceArgument is null && studies.Count == 1)
        {
            record = studies[0];
            space = RaceSpace.Parse(record.SpaceJson, $"{where} (stored space of '{record.Name}')");
        }
        else
        {
            var (text, source) = ShippedSpaces.Resolve(spaceArgument);
            space = RaceSpace.Parse(text, source);
            var spaceJson = Canonical(text);
            if (location.StudyName is { } named && named != space.Name)
                throw new CliInputException($"{source}: the space is named '{space.Name}' but --study names study '{named}'; make them agree.");
            record = storage.FindStudy(space.Name)
                     ?? CreateOrFind(storage, new StudyDefinition(space.Name, NewStudyLadder(space, ladder, masterSeed, newStudyLadder), masterSeed, spaceJson));
            if (Canonical(record.SpaceJson) != spaceJson)
                throw new CliInputException($"{source}: study '{space.Name}' in {where} was created from a different space. " +
                                            "Resume with the same space file (or none), or start a new --study file.");
        }

        if (ladder is not null && !record.Ladder.Equals(ladder))
            throw new CliInputException($"--ladder {ladder}: study '{record.Name}' runs on ladder {record.Ladder}; a study keeps its ladder. Omit --ladder to resume.");
        // Idempotent: the same plan adds nothing the second time (trials are unique by canon name).
        var plan = StudyPlanner.Plan(space, record.Ladder, record.MasterSeed);
        if (vectors is not null)
        {
            vectors.Decide(record.Ladder);
            storage.SetVectorStates(record.Id, vectors.States, DateTimeOffset.UtcNow);
            plan = vectors.Apply(plan);
        }
        foreach (var (spec, bracket) in plan)
            storage.AddTrial(record.Id, spec, bracket, DateTimeOffset.UtcNow);
        return (record, space);
    }

    private static RungLadder NewStudyLadder(RaceSpace space, RungLadder? ladder, ulong masterSeed,
        Func<RaceSpace, RungLadder, IReadOnlyList<(TrialSpec Spec, int Bracket)>, RungLadder>? sized)
    {
        var written = ladder ?? space.Ladder ?? RungLadder.SixRungPlan;
        return ladder is null && space.FillBudget && sized is not null ? sized(space, written, StudyPlanner.Plan(space, written, masterSeed)) : written;
    }

    // Measures this machine's speed on the space's first trial and stretches the ladder to the budget (BudgetSizedLadder).
    private static RungLadder SizeToBudget(RaceSpace space, RungLadder written, IReadOnlyList<(TrialSpec Spec, int Bracket)> plan, int parallel, int reportEvery,
        TimeSpan budget, ulong masterSeed, CancellationToken cancel)
    {
        var probe = new EngineTrialRunner(Needle.Training.Data.TinyShakespeare.Load(), written.MaxStep, ValidationSample.ForStudy(masterSeed));
        var speed = SpeedProbe.StepsPerSecondAsync(probe, plan[0].Spec, reportEvery, cancel).GetAwaiter().GetResult();
        var atOnce = Math.Min(parallel, plan.Count);
        var sized = BudgetSizedLadder.Size(written, plan.Count, atOnce, reportEvery, speed, budget);
        var planned = TimeSpan.FromSeconds(BudgetSizedLadder.WallSteps(sized, plan.Count, atOnce) / speed);
        CliConsole.Error.WriteLine(sized.Equals(written)
            ? $"space '{space.Name}' fills its budget: ladder {written} kept (probe: {speed:F1} steps/s per trial; plan ≈ {WallBudget.Format(planned)} of the {WallBudget.Format(budget)} budget)"
            : $"space '{space.Name}' fills its budget: ladder {written} stretched to {sized} (probe: {speed:F1} steps/s per trial, {atOnce} at a time; plan ≈ {WallBudget.Format(planned)} of the {WallBudget.Format(budget)} budget)");
        return sized;
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
        public void SegmentStarted(TrialRecord trial, TrialSegment segment)
        {
            if (echo) CliConsole.Out.WriteLine(FormattableString.Invariant($"segment {trial.Id} {segment.StartStep} {segment.UntilStep}"));
        }

        public void Reported(TrialRecord trial, long step, double bpb, bool stored)
        {
            if (echo && stored)
                CliConsole.Out.WriteLine(FormattableString.Invariant($"report {trial.Id} {step} {bpb:R}"));
        }

        public void Decided(TrialRecord trial, RungDecision decision)
        {
            if (echo) CliConsole.Out.WriteLine(FormattableString.Invariant($"decision {trial.Id} {decision.RungStep} {decision.Outcome}"));
        }
    }
}
