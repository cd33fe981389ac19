using System.Text.Json;
using Needle.Core.Git;
using Needle.Search.Plans;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.Smoke;

/// <summary>The smoke race's result: the runs, the criteria, and the evidence they were judged on.</summary>
public sealed record SmokeRaceResult(ResolvedPlan Plan, string StudyPath, SmokeEvidence Evidence, IReadOnlyList<SmokeCriterion> Criteria)
{
    public bool AllGreen => Criteria.All(c => c.Green);
}

/// <summary>
/// The GATE-0 smoke race on the real engine and a real SQLite study, from <c>plans/gate0.json</c>: (1) add the plan's
/// runs (only the missing ones, so a re-run adds nothing); (2) race on the plan's ladder with ASHA and the live hunt
/// (the declared diverging canary must be killed and replaced), cancelling the WHOLE race after a few reports and
/// inspecting the study the cancelled session left; (3) resume to completion; (4) run the same race again
/// (idempotence); (5) the graceful-kill probe; then judge the 15 criteria on what the study and the processes show,
/// and record the verdict with the binary's commit in the study (<see cref="SmokeVerdicts"/>: smoke before fire).
/// </summary>
public sealed class SmokeRace(TinyShakespeare corpus, ResolvedPlan plan, TimeProvider time)
{
    public const string StudyName = "gate0-smoke";
    private const string CancelKey = "smoke-cancel";
    private const string SlotKey = "smoke-slots";
    private const string EventsKey = "smoke-events";

    public async Task<SmokeRaceResult> RunAsync(string studyPath, CancellationToken cancellation = default)
    {
        var checkpoints = studyPath + ".checkpoints";
        var steps = plan.Ladder.Steps[^1];
        var every = plan.Scale.ReportEvery;
        var runner = new EngineTrialRunner(corpus, steps);
        var options = new RaceOptions(plan.Scale.Parallelism, every, checkpoints, HuntEveryReports: plan.File.HuntEveryReports);
        using var storage = new SqliteStudyStorage(studyPath);
        var space = JsonSerializer.Serialize(new { plan = plan.Name, scale = plan.ScaleName, ladder = plan.Ladder.Steps });
        var study = storage.FindStudy(StudyName) ?? storage.CreateStudy(
            new StudyDefinition(StudyName, plan.Ladder, plan.File.MasterSeed, space), time.GetUtcNow());
        if (study.SpaceJson != space)
            throw new InvalidOperationException($"{studyPath}: study '{StudyName}' was run at another scale ({study.SpaceJson}); use a new study file");
        AddMissing(storage, study);

        // (2) + (3): cancel the whole race once, the first time only; the evidence is kept in the study so a re-run shows it.
        var slots = Load<SmokeSlotEvidence>(storage, study, SlotKey);
        var cancel = Load<SmokeCancelEvidence>(storage, study, CancelKey);
        var events = Load<List<SmokeSlotObserver.Event>>(storage, study, EventsKey) ?? [];
        if (cancel is null)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var cancelAfter = plan.Scale.Parallelism * 2L;
            var watch = new SmokeSlotObserver(plan.Scale.Parallelism, cancelAfter, stop);
            var summary = await new RaceRunner(storage, study, runner, options, time, null, watch).RunAsync(stop.Token).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            cancel = InspectAfterCancel(storage, study, every, summary.Cancelled, cancelAfter);
            Save(storage, study, CancelKey, cancel);
            var resume = new SmokeSlotObserver(plan.Scale.Parallelism, long.MaxValue, null);
            await new RaceRunner(storage, study, runner, options, time, null, resume).RunAsync(cancellation).ConfigureAwait(false);
            slots = new SmokeSlotEvidence(plan.Scale.Parallelism, Math.Max(watch.MaxInFlight, resume.MaxInFlight),
                watch.StartedWhileFull + resume.StartedWhileFull, watch.Stopped + resume.Stopped);
            events = [.. watch.Events, .. resume.Events];
            Save(storage, study, SlotKey, slots);
            Save(storage, study, EventsKey, events);
        }
        else
        {
            // A re-run over a study whose cancel phase is done: finish whatever is unfinished.
            await new RaceRunner(storage, study, runner, options, time).RunAsync(cancellation).ConfigureAwait(false);
        }

        // (4) idempotence: the same race again.
        var trialsBefore = storage.GetTrials(study.Id).Count;
        var reportsBefore = storage.CountReports(study.Id);
        AddMissing(storage, study);
        await new RaceRunner(storage, study, runner, options, time).RunAsync(cancellation).ConfigureAwait(false);
        var trials = storage.GetTrials(study.Id);
        var rerun = new SmokeRerunEvidence(trialsBefore, trials.Count, reportsBefore, storage.CountReports(study.Id),
            trials.Select(t => t.Spec.CanonName).Distinct(StringComparer.Ordinal).Count());

        // (5) graceful kill and resume of the first run that finished, against its uninterrupted final BPB.
        var probeTrial = trials.OrderBy(t => t.Number).FirstOrDefault(t => t.State == TrialState.Completed) ?? trials.OrderBy(t => t.Number).First();
        var probeCurve = storage.GetCurve(probeTrial.Id);
        var uninterrupted = probeCurve.Count > 0 && probeCurve[^1].Step == steps ? probeCurve[^1].Bpb : double.NaN;
        var probeDir = Path.Combine(checkpoints, "resume-probe");
        if (Directory.Exists(probeDir)) Directory.Delete(probeDir, recursive: true);
        var resumeEvidence = await SmokeResumeProbe.RunAsync(runner, probeTrial.Spec, steps, every, uninterrupted, probeDir).ConfigureAwait(false);

        var evidence = Gather(storage, study, trials, slots ?? new SmokeSlotEvidence(plan.Scale.Parallelism, 0, 0, 0), cancel, rerun, resumeEvidence, events);
        var result = new SmokeRaceResult(plan, storage.Path, evidence, SmokeCriteria.Evaluate(evidence));
        SmokeVerdicts.Record(storage, study, result, BuildCommit.Current.ShaOrUnknown, time.GetUtcNow());
        return result;
    }

    private SmokeEvidence Gather(IStudyStorage storage, StudyRecord study, IReadOnlyList<TrialRecord> trials, SmokeSlotEvidence slots,
        SmokeCancelEvidence cancel, SmokeRerunEvidence rerun, SmokeResumeEvidence resume, IReadOnlyList<SmokeSlotObserver.Event> events)
    {
        var declared = plan.Runs.ToDictionary(r => r.Canon, StringComparer.Ordinal);
        var divergingKeys = plan.Runs.Where(r => r.Diverging).Select(r => r.Spec.ConfigKey).ToHashSet(StringComparer.Ordinal);
        var runs = trials.OrderBy(t => t.Number).Select(t =>
        {
            var config = EngineTrialConfig.From(t.Spec, plan.Ladder.Steps[^1]);
            return new SmokeRunEvidence(t.Spec.CanonName, t.Spec.Seed, config.Model.Hidden, config.Model.Model, config.Model.NcaWeight,
                t.State, t.Error, t.LastStep, storage.GetCurve(t.Id), declared.ContainsKey(t.Spec.CanonName), divergingKeys.Contains(t.Spec.ConfigKey));
        }).ToList();
        var byId = trials.ToDictionary(t => t.Id);
        var decisions = storage.GetRungDecisions(study.Id)
            .Select(d => new SmokeDecision(byId[d.TrialId].Spec.CanonName, d.RungStep, d.Value, d.Outcome.ToString(), d.Rank, d.Competitors, d.KeepCount))
            .ToList();
        var leaderboard = Leaderboard.For(storage, study.Id, plan.Ladder.Steps[^1]).Select(r => r.Canon).ToList();
        return new SmokeEvidence(plan.Ladder.Steps, plan.Scale.ReportEvery, runs, storage.CountReports(study.Id), leaderboard, decisions,
            plan.Ladder.Eta, slots, cancel, rerun, resume, HuntEvidence(storage, study, runs, events), SmokeCriteria.HashFile(corpus.Path));
    }

    private SmokeHuntEvidence? HuntEvidence(IStudyStorage storage, StudyRecord study, IReadOnlyList<SmokeRunEvidence> runs,
        IReadOnlyList<SmokeSlotObserver.Event> events)
    {
        if (plan.Runs.FirstOrDefault(r => r.Diverging) is not { } canary) return null;
        var run = runs.Single(r => r.Canon == canary.Canon);
        var map = storage.GetSeedHuntState(study.Id, "replacements") is { } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json)!
            : [];
        var replacement = map.GetValueOrDefault(canary.Canon);
        var rep = replacement is null ? null : runs.FirstOrDefault(r => r.Canon == replacement);
        var killedAt = events.Select((e, i) => (e, i)).Where(x => x.e.Canon == canary.Canon && x.e.Kind == "ended-killed").Select(x => (int?)x.i).FirstOrDefault();
        var startedAt = events.Select((e, i) => (e, i)).Where(x => x.e.Canon == replacement && x.e.Kind == "started").Select(x => (int?)x.i).FirstOrDefault();
        return new SmokeHuntEvidence(canary.Canon, run.State.ToString(), run.LastStep, run.Error, replacement, rep?.Seed, rep?.Curve.Count ?? 0,
            rep?.State.ToString(), killedAt is { } k && startedAt is { } s && k < s);
    }

    private void AddMissing(IStudyStorage storage, StudyRecord study)
    {
        var existing = storage.GetTrials(study.Id).Select(t => t.Spec.CanonName).ToHashSet(StringComparer.Ordinal);
        foreach (var run in plan.Runs.Where(r => !existing.Contains(r.Canon)))
            storage.AddTrial(study.Id, run.Spec, 0, time.GetUtcNow());
    }

    private static SmokeCancelEvidence InspectAfterCancel(IStudyStorage storage, StudyRecord study, int reportEvery, bool cancelled, long cancelAfter)
    {
        var trials = storage.GetTrials(study.Id);
        var offCadence = 0;
        foreach (var t in trials)
        {
            var steps = storage.GetCurve(t.Id).Select(p => p.Step).ToList();
            offCadence += steps.Count(s => s % reportEvery != 0);
            offCadence += steps.Count - steps.Distinct().Count();
            offCadence += steps.Zip(steps.Skip(1)).Count(p => p.Second <= p.First);
        }
        var missing = trials.Count(t => t.Checkpoint is { } c && !Directory.Exists(c.Location));
        return new SmokeCancelEvidence(cancelled, cancelAfter, trials.Count(t => t.State == TrialState.Running), offCadence, missing);
    }

    private static T? Load<T>(IStudyStorage storage, StudyRecord study, string key) where T : class =>
        storage.GetSchedulerState(study.Id, key) is { } json ? JsonSerializer.Deserialize<T>(json) : null;

    private void Save<T>(IStudyStorage storage, StudyRecord study, string key, T value) =>
        storage.SetSchedulerState(study.Id, key, JsonSerializer.Serialize(value), time.GetUtcNow());
}
