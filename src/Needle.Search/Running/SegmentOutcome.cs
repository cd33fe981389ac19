using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>How a segment ended.</summary>
public enum SegmentStatus
{
    /// <summary>Reached its rung; checkpoint saved there.</summary>
    ReachedTarget,

    /// <summary>Stopped cooperatively; checkpoint saved at the step reached.</summary>
    Cancelled,

    /// <summary>The run failed; <see cref="SegmentOutcome.Error"/> says why.</summary>
    Failed,

    /// <summary>The run diverged (<see cref="Divergence"/>: BPB NaN, infinite or above 8, or a non-finite loss); the error says where.</summary>
    Diverged,
}

/// <summary>The end of a segment: status, the step reached, the checkpoint written (null when failed before any).</summary>
public sealed record SegmentOutcome(SegmentStatus Status, long ReachedStep, TrialCheckpoint? Checkpoint, string? Error = null);
