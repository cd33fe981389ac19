using System.Collections.Concurrent;
using Needle.Core.Vectors;
using Needle.Search.Curves;
using Needle.Search.Study;

namespace Needle.Search.Workers;

/// <summary>
/// A worker's view of a shared study: every call goes through <see cref="StudyRetry"/>, so a restarted database costs
/// a pause, not a trial. Retrying is safe because the calls are idempotent or made so here:
/// - a claim whose commit succeeded but whose answer was lost is found again (Running, ours, stamped with our time);
/// - a rung decision we wrote before the connection dropped comes back as ours, not as someone else's;
/// - reports and checkpoints are keyed (a replayed report keeps its first value).
/// When the outage outlasts the limit the worker is stopping (<see cref="StudyRetry.Outage"/> is cancelled): a
/// report that cannot be stored then returns false (the trial will resume from its last recorded checkpoint, before
/// it, and report it again), heartbeats are skipped, and checkpoints that could not be recorded are kept in
/// <see cref="Unrecorded"/> so the worker can say where they are.
/// </summary>
public sealed class ResilientStudyStorage(IStudyStorage inner, StudyRetry retry) : IStudyStorage
{
    private readonly ConcurrentDictionary<long, TrialCheckpoint> _unrecorded = new();

    /// <summary>Checkpoints written by this worker's runners that the study could not record (trial id → checkpoint).</summary>
    public IReadOnlyDictionary<long, TrialCheckpoint> Unrecorded => _unrecorded;

    public StudyRecord CreateStudy(StudyDefinition definition, DateTimeOffset now) => retry.Run(() => inner.CreateStudy(definition, now));
    public StudyRecord? FindStudy(string name) => retry.Run(() => inner.FindStudy(name));
    public IReadOnlyList<StudyRecord> ListStudies() => retry.Run(inner.ListStudies);
    public TrialRecord AddTrial(long studyId, TrialSpec spec, int bracket, DateTimeOffset now) => retry.Run(() => inner.AddTrial(studyId, spec, bracket, now));
    public TrialRecord GetTrial(long trialId) => retry.Run(() => inner.GetTrial(trialId));
    public IReadOnlyList<TrialRecord> GetTrials(long studyId) => retry.Run(() => inner.GetTrials(studyId));
    public bool TryClaimTrial(long trialId, long sessionId, DateTimeOffset now) => retry.Run(() => inner.TryClaimTrial(trialId, sessionId, now));
    public void SetTrialState(long trialId, TrialState state, DateTimeOffset now, string? error = null) => retry.Run(() => inner.SetTrialState(trialId, state, now, error));

    public bool AddReport(long trialId, long step, double bpb, DateTimeOffset now)
    {
        try
        {
            return retry.Run(() => inner.AddReport(trialId, step, bpb, now));
        }
        catch (StudyUnreachableException)
        {
            return false; // the worker is stopping (Outage cancelled): the runner checkpoints at its next step
        }
    }

    public IReadOnlyList<CurvePoint> GetCurve(long trialId) => retry.Run(() => inner.GetCurve(trialId));
    public IReadOnlyList<StoredReport> GetReports(long trialId) => retry.Run(() => inner.GetReports(trialId));
    public long CountReports(long studyId) => retry.Run(() => inner.CountReports(studyId));

    public void RecordRung(RungDecisionRecord decision, TrialCheckpoint checkpoint, TrialState nextState, DateTimeOffset now) =>
        Recording(decision.TrialId, checkpoint, () => retry.Run(() => inner.RecordRung(decision, checkpoint, nextState, now)));

    public void SaveCheckpoint(long trialId, TrialCheckpoint checkpoint, DateTimeOffset now) =>
        Recording(trialId, checkpoint, () => retry.Run(() => inner.SaveCheckpoint(trialId, checkpoint, now)));

    public IReadOnlyList<RungDecisionRecord> GetRungDecisions(long studyId) => retry.Run(() => inner.GetRungDecisions(studyId));
    public string? GetSchedulerState(long studyId, string key) => retry.Run(() => inner.GetSchedulerState(studyId, key));
    public void SetSchedulerState(long studyId, string key, string json, DateTimeOffset now) => retry.Run(() => inner.SetSchedulerState(studyId, key, json, now));
    public string? GetSeedHuntState(long studyId, string key) => retry.Run(() => inner.GetSeedHuntState(studyId, key));
    public void SetSeedHuntState(long studyId, string key, string json, DateTimeOffset now) => retry.Run(() => inner.SetSeedHuntState(studyId, key, json, now));
    public SessionRecord OpenSession(long studyId, string host, int pid, DateTimeOffset processStart, DateTimeOffset now) =>
        retry.Run(() => inner.OpenSession(studyId, host, pid, processStart, now));

    public void Heartbeat(long sessionId, DateTimeOffset now)
    {
        try
        {
            retry.Run(() => inner.Heartbeat(sessionId, now));
        }
        catch (StudyUnreachableException)
        {
            // stopping: the race's next write reports the outage
        }
    }

    public void CloseSession(long sessionId, DateTimeOffset now) => retry.Run(() => inner.CloseSession(sessionId, now));
    public SessionRecord? GetSession(long sessionId) => retry.Run(() => inner.GetSession(sessionId));
    public IReadOnlyList<SessionRecord> GetSessions(long studyId) => retry.Run(() => inner.GetSessions(studyId));
    public IReadOnlyDictionary<string, string> GetAllSchedulerState(long studyId) => retry.Run(() => inner.GetAllSchedulerState(studyId));
    public IReadOnlyDictionary<string, string> GetAllSeedHuntState(long studyId) => retry.Run(() => inner.GetAllSeedHuntState(studyId));
    public void SetVectorStates(long studyId, IReadOnlyList<VectorState> states, DateTimeOffset now) => retry.Run(() => inner.SetVectorStates(studyId, states, now));
    public IReadOnlyList<VectorState> GetVectorStates(long studyId) => retry.Run(() => inner.GetVectorStates(studyId));
    public bool TryRequeue(long trialId, long ownerSession, DateTimeOffset? seenHeartbeat, DateTimeOffset now) =>
        retry.Run(() => inner.TryRequeue(trialId, ownerSession, seenHeartbeat, now));

    public TrialRecord? ClaimNextTrial(long studyId, long sessionId, DateTimeOffset now)
    {
        var attempt = 0;
        var stamp = Microseconds(now);
        return retry.Run(() =>
        {
            // After a failed attempt the claim may have committed with its answer lost: then it is ours, stamped `now`.
            if (attempt++ > 0 && inner.GetTrials(studyId).FirstOrDefault(t =>
                    t.State == TrialState.Running && t.OwnerSession == sessionId && t.HeartbeatAt is { } hb && Microseconds(hb) == stamp) is { } mine)
                return mine;
            return inner.ClaimNextTrial(studyId, sessionId, now);
        });
    }

    public RungVerdict DecideRung(long trialId, long rungStep, TrialCheckpoint checkpoint, long sessionId, RungJudge judge, DateTimeOffset now)
    {
        var attempt = 0;
        RungVerdict? verdict = null;
        Recording(trialId, checkpoint, () => verdict = retry.Run(() =>
        {
            var v = inner.DecideRung(trialId, rungStep, checkpoint, sessionId, judge, now);
            // A retry that finds our own decision: the first attempt committed and only its answer was lost.
            return attempt++ > 0 && v.AlreadyDecided && v.Decision?.SessionId == sessionId ? v with { AlreadyDecided = false } : v;
        }));
        return verdict!;
    }

    public void Dispose() => inner.Dispose();

    private void Recording(long trialId, TrialCheckpoint checkpoint, Action write)
    {
        try
        {
            write();
            _unrecorded.TryRemove(trialId, out _);
        }
        catch (StudyUnreachableException)
        {
            _unrecorded[trialId] = checkpoint;
            throw;
        }
    }

    private static long Microseconds(DateTimeOffset t) => t.UtcTicks / 10;
}
