using Needle.Core.Vectors;
using Needle.Search.Curves;

namespace Needle.Search.Study;

/// <summary>
/// The study's single source of truth (Optuna's lesson): studies, trials and their parameters, every reported point,
/// rung decisions, scheduler and seed-hunt state, and the sessions working on it. Every method is atomic and durable
/// when it returns. Times are passed in (from the caller's TimeProvider) so behaviour is testable on a simulated clock.
/// Every backend must pass the contract tests (tests/Needle.Search.Tests/Study/StudyStorageContract.cs).
/// </summary>
public interface IStudyStorage : IDisposable
{
    /// <summary>Creates a study; fails if the name exists.</summary>
    StudyRecord CreateStudy(StudyDefinition definition, DateTimeOffset now);

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    StudyRecord? FindStudy(string name);

    /// <summary>All studies, oldest first.</summary>
    IReadOnlyList<StudyRecord> ListStudies();

    /// <summary>
    /// Adds a trial (state Waiting), or returns the existing one when the canon name is already in the study with the
    /// same seed and config (so re-running a race never duplicates trials). A same-named trial with a different seed or
    /// config is an error.
    /// </summary>
    TrialRecord AddTrial(long studyId, TrialSpec spec, int bracket, DateTimeOffset now);

    /// <summary>One trial; throws if unknown.</summary>
    TrialRecord GetTrial(long trialId);

    /// <summary>The study's trials by number.</summary>
    IReadOnlyList<TrialRecord> GetTrials(long studyId);

    /// <summary>Waiting → Running owned by <paramref name="sessionId"/>; false if the trial was not Waiting.</summary>
    bool TryClaimTrial(long trialId, long sessionId, DateTimeOffset now);

    /// <summary>Sets the state (terminal, or Waiting to requeue); clears the owner.</summary>
    void SetTrialState(long trialId, TrialState state, DateTimeOffset now, string? error = null);

    /// <summary>Stores a point; returns false (and keeps the first value) when the step was already reported.</summary>
    bool AddReport(long trialId, long step, double bpb, DateTimeOffset now);

    /// <summary>The trial's curve by step.</summary>
    IReadOnlyList<CurvePoint> GetCurve(long trialId);

    /// <summary>The trial's reports by step with the time each was stored (for <c>needle study copy</c>, which keeps them).</summary>
    IReadOnlyList<StoredReport> GetReports(long trialId);

    /// <summary>Reports stored for the study's trials.</summary>
    long CountReports(long studyId);

    /// <summary>
    /// At a rung, in one transaction: the checkpoint, the ASHA decision and the trial's next state (Waiting when
    /// promoted, Pruned when stopped, Completed at the last rung). A decision for a (trial, rung) is recorded once.
    /// </summary>
    void RecordRung(RungDecisionRecord decision, TrialCheckpoint checkpoint, TrialState nextState, DateTimeOffset now);

    /// <summary>Saves a checkpoint outside a rung (a cooperative kill) without changing the state.</summary>
    void SaveCheckpoint(long trialId, TrialCheckpoint checkpoint, DateTimeOffset now);

    /// <summary>The study's rung decisions in the order they were made.</summary>
    IReadOnlyList<RungDecisionRecord> GetRungDecisions(long studyId);

    /// <summary>Scheduler state by key (JSON), or null.</summary>
    string? GetSchedulerState(long studyId, string key);

    void SetSchedulerState(long studyId, string key, string json, DateTimeOffset now);

    /// <summary>Seed-hunt state by key (JSON), or null.</summary>
    string? GetSeedHuntState(long studyId, string key);

    void SetSeedHuntState(long studyId, string key, string json, DateTimeOffset now);

    /// <summary>Registers a working process.</summary>
    SessionRecord OpenSession(long studyId, string host, int pid, DateTimeOffset processStart, DateTimeOffset now);

    /// <summary>The session's heartbeat and its running trials' heartbeats.</summary>
    void Heartbeat(long sessionId, DateTimeOffset now);

    void CloseSession(long sessionId, DateTimeOffset now);

    SessionRecord? GetSession(long sessionId);

    // --- Many workers on one study (docs/postgres-study.md). Every backend implements these atomically. ---

    /// <summary>
    /// Claims the next Waiting trial of the study for <paramref name="sessionId"/> (Waiting → Running), in the race's
    /// order: furthest checkpoint first (ASHA prefers promotions over new configurations), then trial number. Trials
    /// another worker is claiming at this instant are skipped, never waited for (PostgreSQL: FOR UPDATE SKIP LOCKED).
    /// Null when nothing is claimable.
    /// </summary>
    TrialRecord? ClaimNextTrial(long studyId, long sessionId, DateTimeOffset now);

    /// <summary>
    /// Decides a rung in one transaction, serialised with every other decision of the study: reads the results already
    /// recorded at (bracket, rung) in arrival order, asks <paramref name="judge"/> for the decision and next state,
    /// stores both with the checkpoint, and clears the owner. A (trial, rung) already decided is returned as it was
    /// (<see cref="RungVerdict.AlreadyDecided"/>) and nothing changes; so is a trial no longer owned by
    /// <paramref name="sessionId"/> (<see cref="RungVerdict.NotOwner"/>: it was requeued to another worker).
    /// </summary>
    RungVerdict DecideRung(long trialId, long rungStep, TrialCheckpoint checkpoint, long sessionId, RungJudge judge, DateTimeOffset now);

    /// <summary>
    /// Requeues a Running trial (→ Waiting, owner cleared, checkpoint kept) only if it is still owned by
    /// <paramref name="ownerSession"/> with heartbeat <paramref name="seenHeartbeat"/>: a compare-and-set, so two
    /// workers that both saw it stale requeue it once, and a trial that beat or moved meanwhile is left alone.
    /// </summary>
    bool TryRequeue(long trialId, long ownerSession, DateTimeOffset? seenHeartbeat, DateTimeOffset now);

    /// <summary>Every session that worked on the study, oldest first.</summary>
    IReadOnlyList<SessionRecord> GetSessions(long studyId);

    /// <summary>All scheduler state of the study, key → JSON (for <c>needle study copy</c>).</summary>
    IReadOnlyDictionary<string, string> GetAllSchedulerState(long studyId);

    /// <summary>All seed-hunt state of the study, key → JSON (for <c>needle study copy</c>).</summary>
    IReadOnlyDictionary<string, string> GetAllSeedHuntState(long studyId);

    /// <summary>
    /// Records the accelerator vectors' states for the study (one row per vector, replaced when set again): which were
    /// on, why any was off, and the SHA-256 of the evidence file each state came from (table vector_states).
    /// </summary>
    void SetVectorStates(long studyId, IReadOnlyList<VectorState> states, DateTimeOffset now);

    /// <summary>The study's recorded vector states, by vector id; empty when none were recorded.</summary>
    IReadOnlyList<VectorState> GetVectorStates(long studyId);
}
