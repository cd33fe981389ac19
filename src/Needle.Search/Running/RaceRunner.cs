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
        var recovered = new StaleTrialDetector(_storage, _probe, _time, _options.StaleGrace).Recover(_study.Id, _sessionId);

        var asha = new AshaScheduler(Ladder);
        foreach (var d in _storage.GetRungDecisions(_study.Id)) asha.Restore(new RungResult(d.TrialId, d.Bracket, d.RungStep, d.Value));
        if (_watch is not null)
            foreach (var t in _storage.GetTrials(_study.Id).Where(t => t.Checkpoint is not null)) _watch.AtRung(t);
        var decided = _storage.GetRungDecisions(_study.Id).Select(d => (d.TrialId, d.RungStep)).ToHashSet();

        var spent = _storage.GetTrials(_study.Id).Sum(t => t.LastStep);
        var inFlight = new List<(Task<SegmentOutcome> Task, TrialRecord Trial, TrialSegment Segment, StudyReportSink Sink)>();
        int segments = 0, decisions = 0;
        long reports = 0;
        var budgetExhausted = false;

        while (true)
        {
            // Fill free slots (never while cancelled: a cancelled race starts nothing new).
            while (!cancellation.IsCancellationRequested && inFlight.Count < _options.Parallelism)
            {
                var next = NextRunnable(inFlight.Select(f => f.Trial.Id).ToHashSet());
                if (next is null) break;
                var trial = next;

                // A checkpoint sitting exactly on an undecided rung (a kill landed on the rung): decide before moving on.
                if (trial.Checkpoint is { } cp && IsJudgedRung(trial, cp.Step) && !decided.Contains((trial.Id, cp.Step)))
                {
                    if (Decide(asha, trial, cp, decided)) decisions++;
                    continue;
                }

                var from = trial.Checkpoint?.Step ?? 0;
                var until = NextJudgedRung(trial, from);
                if (until is null)
                {
                    _storage.SetTrialState(trial.Id, TrialState.Completed, _time.GetUtcNow());
                    continue;
                }
                var cost = until.Value - Math.Max(from, trial.LastStep);
                if (_options.BudgetSteps is { } budget && spent + cost > budget)
                {
                    budgetExhausted = true;
                    break;
                }
                if (!_storage.TryClaimTrial(trial.Id, _sessionId, _time.GetUtcNow())) continue;
                spent += Math.Max(0, cost);
                var segment = new TrialSegment(trial.Id, trial.Spec, trial.Checkpoint, until.Value, _options.ReportEvery, _options.CheckpointDirectory);
                var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                _running[trial.Id] = cts;
                var watched = trial;
                var sink = new StudyReportSink(_storage, trial, _time, _observer, () => AfterReport(watched));
                _observer.SegmentStarted(trial, segment);
                segments++;
                inFlight.Add((StartSegment(segment, sink, cts.Token), trial, segment, sink));
            }

            if (inFlight.Count == 0) break;

            var finished = await Task.WhenAny(inFlight.Select(f => f.Task)).ConfigureAwait(false);
            var index = inFlight.FindIndex(f => f.Task == finished);
            var (_, ranTrial, ranSegment, ranSink) = inFlight[index];
            inFlight.RemoveAt(index);
            reports += ranSink.Stored;
            // Free the slot first: a killed trial's slot is released before anything replaces it.
            if (_running.TryRemove(ranTrial.Id, out var doneCts)) doneCts.Dispose();
            if (HandleOutcome(asha, ranTrial, ranSegment, await finished.ConfigureAwait(false), decided, cancellation.IsCancellationRequested))
                decisions++;
            BeatIfDue();
        }

        _storage.CloseSession(_sessionId, _time.GetUtcNow());
        var byState = _storage.GetTrials(_study.Id).GroupBy(t => t.State.ToString()).ToDictionary(g => g.Key, g => g.Count());
        return new RaceSummary(_study.Id, _sessionId, recovered.Count, segments, decisions, reports, spent,
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

    private bool HandleOutcome(AshaScheduler asha, TrialRecord trial, TrialSegment segment, SegmentOutcome outcome,
        HashSet<(long, long)> decided, bool raceCancelled)
    {
        var now = _time.GetUtcNow();
        switch (outcome.Status)
        {
            case SegmentStatus.ReachedTarget when outcome.Checkpoint is { } cp && cp.Step == segment.UntilStep:
                return Decide(asha, trial, cp, decided);
            case SegmentStatus.ReachedTarget:
                _storage.SetTrialState(trial.Id, TrialState.Failed, now,
                    $"runner '{_runner.Name}' reached step {outcome.ReachedStep} without a checkpoint at rung {segment.UntilStep}");
                _observer.SegmentEnded(trial, outcome, TrialState.Failed);
                return false;
            case SegmentStatus.Cancelled:
            {
                if (outcome.Checkpoint is { } kcp) _storage.SaveCheckpoint(trial.Id, kcp, now);
                var killed = _killRequests.TryRemove(trial.Id, out var reason);
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

    private bool Decide(AshaScheduler asha, TrialRecord trial, TrialCheckpoint checkpoint, HashSet<(long, long)> decided)
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
        var decision = asha.Report(trial.Id, trial.Bracket, rung, value);
        var next = decision.Outcome switch
        {
            RungOutcome.Promote => TrialState.Waiting,
            RungOutcome.Complete => TrialState.Completed,
            _ => TrialState.Pruned,
        };
        _storage.RecordRung(RungDecisionRecord.From(decision, now), checkpoint, next, now);
        decided.Add((trial.Id, rung));
        _watch?.AtRung(trial);
        _observer.Decided(trial, decision);
        _observer.SegmentEnded(trial, new SegmentOutcome(SegmentStatus.ReachedTarget, rung, checkpoint), next);
        return true;
    }

    /// <summary>Diverged with its reason; the live hunt (when on) queues a replacement, as for a killed seed.</summary>
    private void MarkDiverged(TrialRecord trial, SegmentOutcome outcome, string reason)
    {
        _storage.SetTrialState(trial.Id, TrialState.Diverged, _time.GetUtcNow(), reason);
        _observer.SegmentEnded(trial, outcome, TrialState.Diverged);
        _watch?.Replace(trial);
    }

    private TrialRecord? NextRunnable(HashSet<long> busy) =>
        _storage.GetTrials(_study.Id)
            .Where(t => t.State == TrialState.Waiting && !busy.Contains(t.Id))
            // Promoted trials (furthest along) before fresh ones: ASHA prefers promotions over new configurations.
            .OrderByDescending(t => t.Checkpoint?.Step ?? 0)
            .ThenBy(t => t.Number)
            .FirstOrDefault();

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
    private void BeatIfDue()
    {
        lock (_heartbeatGate)
        {
            var now = _time.GetUtcNow();
            if (now - _lastHeartbeat < _options.HeartbeatInterval) return;
            _lastHeartbeat = now;
            _storage.Heartbeat(_sessionId, now);
        }
    }

    private sealed class NullObserver : IRaceObserver;
}
