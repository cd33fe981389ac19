namespace Needle.Search.Study;

/// <summary>A stored trial. <paramref name="Bracket"/> is its entry rung index (Hyperband bracket).</summary>
public sealed record TrialRecord(
    long Id, long StudyId, int Number, TrialSpec Spec, int Bracket, TrialState State, long LastStep,
    TrialCheckpoint? Checkpoint, long? OwnerSession, DateTimeOffset? HeartbeatAt, string? Error);
