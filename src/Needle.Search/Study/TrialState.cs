namespace Needle.Search.Study;

/// <summary>Lifecycle of a trial in a study.</summary>
public enum TrialState
{
    /// <summary>Ready to run its next segment (new, promoted at a rung, or requeued after a crash or a kill).</summary>
    Waiting,

    /// <summary>Claimed by a live session.</summary>
    Running,

    /// <summary>Stopped by ASHA at a rung or by <c>hunt prune</c>; its checkpoint is kept.</summary>
    Pruned,

    /// <summary>Reached the ladder's last rung.</summary>
    Completed,

    /// <summary>Killed by the seed hunt (diverging) and replaced.</summary>
    Killed,

    /// <summary>The runner reported an error.</summary>
    Failed,

    /// <summary>
    /// Its BPB went NaN, infinite or above 8 bits (worse than uniform); the error holds the reason. Never Completed,
    /// never ranked by ASHA; the live hunt replaces it.
    /// </summary>
    Diverged,
}
