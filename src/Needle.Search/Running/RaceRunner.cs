using System.Collections.Concurrent;
using Needle.Core.Rungs;
using Needle.Search.Asha;
using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>
/// The race loop: runs the study's Waiting trials N at a time through an <see cref="ITrialRunner"/>, one segment
/// (checkpoint → next rung) at a time, and lets <see cref="AshaScheduler"/> decide at every rung. The study is the
/// only state: a new RaceRunner on the same study first requeues trials a dead process left Running, rebuilds ASHA
/// from the stored decisions and continues. Decisions are made on this loop's thread only, one outcome at a time,
/// in the order segments finish; with runners that complete synchronously the whole race is deterministic.
/// Cancelling the token is a cooperative kill of the whole race: running segments checkpoint and are requeued.
/// </summary>
public sealed class RaceRunner
{
    private readonly IStudyStorage _storage;
    private readonly StudyRecord _study;
    private readonly ITrialRunner _runner;
    private readonly RaceOptions _options;
    private readonly TimeProvider _time;
    private readonly IProcessProbe _probe;
    private readonly IRaceObserver _observer;
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<long, string> _killRequests = new();
    private readonly Lock _heartbeatGate = new();
    private readonly DivergenceWatch? _watch;
    private DateTimeOffset _lastHeartbeat;
    private long _sessionId;

    public RaceRunner(IStudyStorage storage, StudyRecord study, ITrialRunner runner, RaceOptions options, TimeProvider time,
        IProcessProbe? probe = null, IRaceObserver? observer = null)
    {
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        _study = study ?? throw new ArgumentNullException(nameof(study));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _probe = probe ?? new OsProcessProbe();
        _observer = observer ?? new NullObserver();
        _options.Validate(study.Ladder);
        if (_options.HuntEveryReports is { } every)
            _watch = new DivergenceWatch(storage, study, time, every, _options.SeedRules ?? Needle.Search.Seeds.SeedStateRules.Plan);
    }

    private RungLadder Ladder => _study.Ladder;

    /// <summary>
    /// Cooperative kill of one running trial (the seed hunt's DIVERGING): it stops at its next step, keeps its
    /// checkpoint and ends Killed; its slot is free before any replacement starts. False if it is not running here.
    /// </summary>
    public bool Kill(long trialId, string reason)
    {
        if (!_running.TryGetValue(trialId, out var cts)) return false;
        _killRequests[trialId] = reason;
        cts.Cancel();
        return true;
    }

    /// <summary>Runs until no trial can run, the budget is spent, or <paramref name="cancellation"/> fires.</summary>
    public async Task<RaceSummary> RunAsync(CancellationToken cancellation = default)
    {
        var me = _probe.Current;
        var session = _storage.OpenSession(_study.Id, me.Host, me.Pid, me.Start, _time.GetUtcNow());
        _sessionId = session.Id;
        _lastHeartbeat = _time.GetUtcNow();
        var stale = new StaleTrialDetector(_storage, _probe, _time, _options.StaleGrace);
        var recovered = stale.Recover(_study.Id, _sessionId).Count;
        // Worker mode: a heartbeat independent of reports, so a long evaluation or an idle worker never looks dead to its
        // peers. (Alone, reports beat, as before: a timer would be one more event on a simulated clock.)
        using var pump = _options.PeerPoll is null ? null
            : _time.CreateTimer(_ => BeatIfDue(swallowErrors: true), null, _options.HeartbeatInterval, _options.HeartbeatInterval);

        if (_watch is not null)
            foreach (var t in _storage.GetTrials(_study.Id).Where(t => t.Checkpoint is not null)) _watch.AtRung(t);

        var inFlight = new List<(Task<SegmentOutcome> Task, TrialRecord Trial, TrialSegment Segment, StudyReportSink Sink)>();
        int segments = 0, decisions = 0;
        long reports = 0;
        var budgetExhausted = false;

        while (true)
        {
            // Fill free slots (never while cancelled: a cancelled race starts nothing new).
            while (!cancellation.IsCancellationRequested && inFlight.Count < _options.Parallelism)
            {
                // Claim first, then look: with other workers on the study, only a claimed trial is ours to judge or run.
                var trial = _storage.ClaimNextTrial(_study.Id, _sessionId, _time.GetUtcNow());
                if (trial is null) break;

                // A checkpoint sitting exactly on an undecided rung (a kill landed on the rung): decide before moving on.
                if (trial.Checkpoint is { } cp && IsJudgedRung(trial, cp.Step) && !IsDecided(trial.Id, cp.Step))
                {
                    if (Decide(trial, cp)) decisions++;
                    continue;
                }

                var from = trial.Checkpoint?.Step ?? 0;
                var until = NextJudgedRung(trial, from);
                if (until is null)
                {
                    _storage.SetTrialState(trial.Id, TrialState.Completed, _time.GetUtcNow());
                    continue;
                }
                // The budget is the study's, whoever spends it: steps every trial has trained, plus the segments other
                // workers are running now (each to its next judged rung), plus this one.
                if (_options.BudgetSteps is { } budget && CommittedSteps(except: trial.Id) + Math.Max(trial.LastStep, until.Value) > budget)
                {
                    _storage.SetTrialState(trial.Id, TrialState.Waiting, _time.GetUtcNow()); // give the claim back
                    budgetExhausted = true;
                    break;
                }
                var segment = new TrialSegment(trial.Id, trial.Spec, trial.Checkpoint, until.Value, _options.ReportEvery, _options.CheckpointDirectory);
                var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                _running[trial.Id] = cts;
                var watched = trial;
                var sink = new StudyReportSink(_storage, trial, _time, _observer, () => AfterReport(watched));
                _observer.SegmentStarted(trial, segment);
                segments++;
                inFlight.Add((StartSegment(segment, sink, cts.Token), trial, segment, sink));
            }

            if (inFlight.Count == 0 && (budgetExhausted || cancellation.IsCancellationRequested || !await WaitForPeersAsync(stale, cancellation).ConfigureAwait(false)))
                break;
            if (inFlight.Count == 0) continue;

            _observer.AwaitingSegments(inFlight.Count);
            var waits = inFlight.Select(f => f.Task).Cast<Task>().ToList();
            // A worker with a free slot also wakes up to look for trials its peers promoted or left behind.
            if (_options.PeerPoll is { } poll && inFlight.Count < _options.Parallelism && !budgetExhausted)
                waits.Add(Task.Delay(poll, _time, cancellation));
            var woke = await Task.WhenAny(waits).ConfigureAwait(false);
            if (woke is not Task<SegmentOutcome> finished) continue;
            var index = inFlight.FindIndex(f => f.Task == finished);
            var (_, ranTrial, ranSegment, ranSink) = inFlight[index];
            inFlight.RemoveAt(index);
            reports += ranSink.Stored;
            // Free the slot first: a killed trial's slot is released before anything replaces it.
            if (_running.TryRemove(ranTrial.Id, out var doneCts)) doneCts.Dispose();
            if (HandleOutcome(ranTrial, ranSegment, await finished.ConfigureAwait(false)))
                decisions++;
            BeatIfDue();
        }

        _storage.CloseSession(_sessionId, _time.GetUtcNow());
        var trials = _storage.GetTrials(_study.Id);
        var byState = trials.GroupBy(t => t.State.ToString()).ToDictionary(g => g.Key, g => g.Count());
        // Steps the study has trained (each trial's last reported step), not steps this run set out to train: a segment
        // stopped by the budget or Ctrl-C counts only as far as it got.
        var spent = trials.Sum(t => t.LastStep);
        return new RaceSummary(_study.Id, _sessionId, recovered, segments, decisions, reports, spent,
            cancellation.IsCancellationRequested, budgetExhausted, byState);
    }

    private async Task<SegmentOutcome> StartSegment(TrialSegment segment, IReportSink sink, CancellationToken token)
    {
        try
        {
            return await _runner.RunSegmentAsync(segment, sink, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null,
                $"runner '{_runner.Name}' threw on cancellation instead of checkpointing (contract: stop at the next step and return Cancelled)");
        }
        catch (Exception e)
        {
            return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null, $"runner '{_runner.Name}' threw {e.GetType().Name}: {e.Message}");
        }
    }

    private bool HandleOutcome(TrialRecord trial, TrialSegment segment, SegmentOutcome outcome)
    {
        var now = _time.GetUtcNow();
        // Taken whatever the outcome: a kill landing on the segment's last report misses the runner's last check, and
        // left behind it would turn a later, ordinary stop of this trial into that old kill.
        var killed = _killRequests.TryRemove(trial.Id, out var reason);
        switch (outcome.Status)
        {
            case SegmentStatus.ReachedTarget when outcome.Checkpoint is { } cp && cp.Step == segment.UntilStep:
                return Decide(trial, cp);
            case SegmentStatus.ReachedTarget:
                _storage.SetTrialState(trial.Id, TrialState.Failed, now,
                    $"runner '{_runner.Name}' reached step {outcome.ReachedStep} without a checkpoint at rung {segment.UntilStep}");
                _observer.SegmentEnded(trial, outcome, TrialState.Failed);
                return false;
            case SegmentStatus.Cancelled:
            {
                if (outcome.Checkpoint is { } kcp) _storage.SaveCheckpoint(trial.Id, kcp, now);
                var state = killed ? TrialState.Killed : TrialState.Waiting;
                _storage.SetTrialState(trial.Id, state, now, killed ? reason : null);
                _observer.SegmentEnded(trial, outcome, state);
                // Kill before spin: the slot is already free; the replacement is only queued here, started by the loop.
                if (killed && _watch is not null) _watch.Replace(trial);
                return false;
            }
            case SegmentStatus.Diverged:
                MarkDiverged(trial, outcome, outcome.Error ?? $"DIVERGED at step {outcome.ReachedStep}");
                return false;
            default:
                _storage.SetTrialState(trial.Id, TrialState.Failed, now, outcome.Error ?? "the runner failed without a message");
                _observer.SegmentEnded(trial, outcome, TrialState.Failed);
                return false;
        }
    }

    /// <summary>
    /// Decides the rung in the study (<see cref="IStudyStorage.DecideRung"/>): ASHA ranks the trial against every
    /// result recorded at the rung by any worker, and the decision, checkpoint and next state are written together.
    /// </summary>
    private bool Decide(TrialRecord trial, TrialCheckpoint checkpoint)
    {
        var now = _time.GetUtcNow();
        var rung = checkpoint.Step;
        var point = _storage.GetCurve(trial.Id).Where(p => p.Step == rung).Select(p => (double?)p.Bpb).FirstOrDefault();
        if (point is not { } value)
        {
            _storage.SetTrialState(trial.Id, TrialState.Failed, now,
                $"runner '{_runner.Name}' did not report BPB at rung {rung} (report cadence {_options.ReportEvery})");
            _observer.SegmentEnded(trial, new SegmentOutcome(SegmentStatus.Failed, rung, checkpoint), TrialState.Failed);
            return false;
        }
        // Any runner: a diverged value is never ranked, and its trial never Completes.
        if (Divergence.Reason(rung, value) is { } diverged)
        {
            _storage.SaveCheckpoint(trial.Id, checkpoint, now);
            MarkDiverged(trial, new SegmentOutcome(SegmentStatus.Diverged, rung, checkpoint, diverged), diverged);
            return false;
        }
        string? vetoed = null;
        var paid = _options.Veto is null ? null : _storage.GetCurve(trial.Id).Where(p => p.Step <= rung).Select(p => (p.Step, p.Bpb)).ToList();
        var verdict = _storage.DecideRung(trial.Id, rung, checkpoint, _sessionId, earlier =>
        {
            var asha = new AshaScheduler(Ladder);
            foreach (var r in earlier) asha.Restore(r);
            var d = asha.Report(trial.Id, trial.Bracket, rung, value);
            if (_options.HoldAtRungs && d.Outcome == RungOutcome.Promote) d = d with { Outcome = RungOutcome.Stop };
            vetoed = _options.Veto?.Veto(trial, rung, paid!, d.Outcome);
            if (vetoed is not null && d.Outcome == RungOutcome.Promote) d = d with { Outcome = RungOutcome.Stop };
            else vetoed = null;
            return (d, d.Outcome switch { RungOutcome.Promote => TrialState.Waiting, RungOutcome.Complete => TrialState.Completed, _ => TrialState.Pruned });
        }, now);
        // The veto's reason is the trial's: `needle report` and `hunt status` show why it stopped.
        if (verdict.Recorded && vetoed is not null) _storage.SetTrialState(trial.Id, TrialState.Pruned, now, vetoed);
        if (!verdict.Recorded)
        {
            // Another worker took the trial over (we were presumed dead) or decided it: its record stands.
            _observer.SegmentEnded(trial, new SegmentOutcome(SegmentStatus.ReachedTarget, rung, checkpoint), verdict.Next);
            return false;
        }
        var decision = new RungDecision(trial.Id, trial.Bracket, rung, value, verdict.Decision!.Outcome, verdict.Decision.Rank,
            verdict.Decision.Competitors, verdict.Decision.KeepCount);
        var next = verdict.Next;
        _watch?.AtRung(trial);
        _observer.Decided(trial, decision);
        _observer.SegmentEnded(trial, new SegmentOutcome(SegmentStatus.ReachedTarget, rung, checkpoint), next);
        return true;
    }

    /// <summary>
    /// Training steps the study has spent or committed, over all workers: every trial's last step, and for a trial
    /// running anywhere, the rung its current segment trains to. Two workers claiming at the same instant may each
    /// miss the other's new segment, so the budget can be overshot by at most one segment per worker.
    /// </summary>
    private long CommittedSteps(long except)
    {
        long total = 0;
        foreach (var t in _storage.GetTrials(_study.Id))
        {
            if (t.Id == except) continue;
            total += t.State == TrialState.Running
                ? Math.Max(t.LastStep, NextJudgedRung(t, t.Checkpoint?.Step ?? 0) ?? t.LastStep)
                : t.LastStep;
        }
        return total;
    }

    private bool IsDecided(long trialId, long rung) => _storage.GetRungDecisions(_study.Id).Any(d => d.TrialId == trialId && d.RungStep == rung);

    /// <summary>
    /// Nothing to claim and nothing running here. Alone (no <see cref="RaceOptions.PeerPoll"/>) the race is over.
    /// As one of many workers, wait while peers still run trials (their promotions come back Waiting), requeueing
    /// any whose worker died; true = look again, false = the study has nothing left to run.
    /// </summary>
    private async Task<bool> WaitForPeersAsync(StaleTrialDetector stale, CancellationToken cancellation)
    {
        if (_options.PeerPoll is not { } poll) return false;
        if (stale.Recover(_study.Id, _sessionId).Count > 0) return true;
        if (!_storage.GetTrials(_study.Id).Any(t => t.State is TrialState.Running or TrialState.Waiting)) return false;
        try
        {
            await Task.Delay(poll, _time, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return true;
    }

    /// <summary>Diverged with its reason; the live hunt (when on) queues a replacement, as for a killed seed.</summary>
    private void MarkDiverged(TrialRecord trial, SegmentOutcome outcome, string reason)
    {
        _storage.SetTrialState(trial.Id, TrialState.Diverged, _time.GetUtcNow(), reason);
        _observer.SegmentEnded(trial, outcome, TrialState.Diverged);
        _watch?.Replace(trial);
    }

    private bool IsJudgedRung(TrialRecord trial, long step)
    {
        var index = Ladder.IndexOf(step);
        return index >= 0 && index >= trial.Bracket;
    }

    private long? NextJudgedRung(TrialRecord trial, long from)
    {
        for (var i = trial.Bracket; i < Ladder.Count; i++)
            if (Ladder.Steps[i] > from) return Ladder.Steps[i];
        return null;
    }

    private void AfterReport(TrialRecord trial)
    {
        BeatIfDue();
        if (_watch?.AfterReport(trial) is { } diverging) Kill(trial.Id, "DIVERGING: " + diverging.Why);
    }

    // Called from runner threads (on each report) and from the loop: serialised so beats are written in order.
    private void BeatIfDue(bool swallowErrors = false)
    {
        lock (_heartbeatGate)
        {
            var now = _time.GetUtcNow();
            if (now - _lastHeartbeat < _options.HeartbeatInterval) return;
            try
            {
                _storage.Heartbeat(_sessionId, now);
                _lastHeartbeat = now;
            }
            catch (Exception) when (swallowErrors)
            {
                // The timer's beat: a storage failure here is seen (and handled) by the race's next call.
            }
        }
    }

    private sealed class NullObserver : IRaceObserver;
}
