using Needle.Core.Rungs;
using Needle.Search.Asha;

namespace Needle.Search.Study;

/// <summary>What a study is created from.</summary>
public sealed record StudyDefinition(string Name, RungLadder Ladder, ulong MasterSeed, string SpaceJson);

/// <summary>A stored study.</summary>
public sealed record StudyRecord(long Id, string Name, RungLadder Ladder, ulong MasterSeed, string SpaceJson, DateTimeOffset CreatedAt);

/// <summary>A stored trial. <paramref name="Bracket"/> is its entry rung index (Hyperband bracket).</summary>
public sealed record TrialRecord(
    long Id, long StudyId, int Number, TrialSpec Spec, int Bracket, TrialState State, long LastStep,
    TrialCheckpoint? Checkpoint, long? OwnerSession, DateTimeOffset? HeartbeatAt, string? Error);

/// <summary>A stored report: the curve point and when it was stored.</summary>
public sealed record StoredReport(long Step, double Bpb, DateTimeOffset ReportedAt);

/// <summary>A stored ASHA decision; <paramref name="SessionId"/> is the worker session that made it (null if not recorded).</summary>
public sealed record RungDecisionRecord(
    long TrialId, int Bracket, long RungStep, double Value, RungOutcome Outcome, int Rank, int Competitors, int KeepCount,
    DateTimeOffset DecidedAt, long? SessionId = null)
{
    public static RungDecisionRecord From(RungDecision d, DateTimeOffset at, long? sessionId = null) =>
        new(d.TrialId, d.Bracket, d.RungStep, d.Value, d.Outcome, d.Rank, d.Competitors, d.KeepCount, at, sessionId);
}

/// <summary>One process working on a study; its heartbeat and identity let a later process tell a crash from a peer.</summary>
public sealed record SessionRecord(
    long Id, long StudyId, string Host, int Pid, DateTimeOffset ProcessStart, DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt, DateTimeOffset? EndedAt);
