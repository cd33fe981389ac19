using System.Text.Json;
using Needle.Core.Rungs;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.Smoke;

/// <summary>The smoke race's result: the runs, the criteria, and the evidence they were judged on.</summary>
public sealed record SmokeRaceResult(SmokeScale Scale, string StudyPath, SmokeEvidence Evidence, IReadOnlyList<SmokeCriterion> Criteria)
{
    public bool AllGreen => Criteria.All(c => c.Green);
}

/// <summary>
/// The GATE-0 smoke race on the real engine and a real SQLite study: (1) plan the 21 runs (only the missing ones are
/// added, so a re-run adds nothing); (2) race, cancelling the WHOLE race after a few reports, and inspect the study
/// the cancelled session left; (3) resume to completion; (4) run the same race again (idempotence); (5) the
/// graceful-kill probe; then judge the 15 criteria on what the study and the processes show.
/// </summary>
public sealed class SmokeRace(TinyShakespeare corpus, SmokeScale scale, TimeProvider time)
{
    public const string StudyName = "gate0-smoke";
    private const string CancelKey = "smoke-cancel";
    private const string SlotKey = "smoke-slots";

    public async Task<SmokeRaceResult> RunAsync(string studyPath, CancellationToken cancellation = default)
    {
        var checkpoints = studyPath + ".checkpoints";
        var runner = new EngineTrialRunner(corpus, scale.Steps);
        var options = new RaceOptions(scale.Parallelism, scale.ReportEvery, checkpoints);
        using var storage = new SqliteStudyStorage(studyPath);
        var study = storage.FindStudy(StudyName) ?? storage.CreateStudy(
            new StudyDefinition(StudyName, RungLadder.Explicit([scale.Steps], 2), 500, JsonSerializer.Serialize(scale)), time.GetUtcNow());
        if (study.SpaceJson != JsonSerializer.Serialize(scale))
            throw new InvalidOperationException($"{studyPath}: study '{StudyName}' was run at another scale ({study.SpaceJson}); use a new --study file");
        var plan = SmokePlan.Runs(scale);
        AddMissing(storage, study, plan);

        // (2) + (3): cancel the whole race once, the first time only; the evidence is kept in the study so a re-run shows it.
        var slots = Load<SmokeSlotEvidence>(storage, study, SlotKey);
        var cancel = Load<SmokeCancelEvidence>(storage, study, CancelKey);
        if (cancel is null)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var cancelAfter = scale.Parallelism * 2L;
            var watch = new SmokeSlotObserver(scale.Parallelism, cancelAfter, stop);
            var summary = await new RaceRunner(storage, study, runner, options, time, null, watch).RunAsync(stop.Token).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            cancel = InspectAfterCancel(storage, study, scale.ReportEvery, summary.Cancelled, cancelAfter);
            Save(storage, study, CancelKey, cancel);
            var resume = new SmokeSlotObserver(scale.Parallelism, long.MaxValue, null);
            await new RaceRunner(storage, study, runner, options, time, null, resume).RunAsync(cancellation).ConfigureAwait(false);
            slots = new SmokeSlotEvidence(scale.Parallelism, Math.Max(watch.MaxInFlight, resume.MaxInFlight),
                watch.StartedWhileFull + resume.StartedWhileFull, watch.Stopped + resume.Stopped);
            Save(storage, study, SlotKey, slots);
        }
        else
        {
            // A re-run over a study whose cancel phase is done: finish whatever is unfinished.
            await new RaceRunner(storage, study, runner, options, time).RunAsync(cancellation).ConfigureAwait(false);
        }

        // (4) idempotence: the same race again.
        var trialsBefore = storage.GetTrials(study.Id).Count;
        var reportsBefore = storage.CountReports(study.Id);
        AddMissing(storage, study, plan);
        await new RaceRunner(storage, study, runner, options, time).RunAsync(cancellation).ConfigureAwait(false);
        var trials = storage.GetTrials(study.Id);
        var rerun = new SmokeRerunEvidence(trialsBefore, trials.Count, reportsBefore, storage.CountReports(study.Id),
            trials.Select(t => t.Spec.CanonName).Distinct(StringComparer.Ordinal).Count());

        // (5) graceful kill and resume of the first run, against its uninterrupted final BPB.
        var probeTrial = trials.OrderBy(t => t.Number).First();
        var probeCurve = storage.GetCurve(probeTrial.Id);
        var uninterrupted = probeCurve.Count > 0 && probeCurve[^1].Step == scale.Steps ? probeCurve[^1].Bpb : double.NaN;
        var probeDir = Path.Combine(checkpoints, "resume-probe");
        if (Directory.Exists(probeDir)) Directory.Delete(probeDir, recursive: true);
        var resumeEvidence = await SmokeResumeProbe.RunAsync(runner, probeTrial.Spec, scale, uninterrupted, probeDir).ConfigureAwait(false);

        var hidden = plan.ToDictionary(r => r.Spec.CanonName, r => r.Hidden, StringComparer.Ordinal);
        var runs = trials.OrderBy(t => t.Number).Select(t =>
        {
            var config = EngineTrialConfig.From(t.Spec, scale.Steps);
            return new SmokeRunEvidence(t.Spec.CanonName, hidden.GetValueOrDefault(t.Spec.CanonName, config.Model.Hidden),
                config.Model.Model, config.Model.NcaWeight, t.State, t.Error, t.LastStep, storage.GetCurve(t.Id));
        }).ToList();
        var evidence = new SmokeEvidence(scale.Steps, scale.ReportEvery, runs, storage.CountReports(study.Id),
            Leaderboard.For(storage, study.Id, scale.Steps).Count, slots ?? new SmokeSlotEvidence(scale.Parallelism, 0, 0, 0),
            cancel, rerun, resumeEvidence, SmokeCriteria.HashFile(corpus.Path));
        return new SmokeRaceResult(scale, storage.Path, evidence, SmokeCriteria.Evaluate(evidence));
    }

    private void AddMissing(IStudyStorage storage, StudyRecord study, IReadOnlyList<SmokePlan.Run> plan)
    {
        var existing = storage.GetTrials(study.Id).Select(t => t.Spec.CanonName).ToHashSet(StringComparer.Ordinal);
        foreach (var run in plan.Where(r => !existing.Contains(r.Spec.CanonName)))
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
