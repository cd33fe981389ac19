namespace Needle.Search.Seeds;

/// <summary>A seed's standing relative to the leader, with the action the plan attaches to it.</summary>
public enum SeedState
{
    /// <summary>Δ ≤ 0: at or ahead of the leader's predicted asymptote → mirror 3 siblings.</summary>
    Leading,

    /// <summary>Δ &gt; 0 and still falling (or within the 0.05 band while flat) → keep.</summary>
    CatchingUp,

    /// <summary>Δ &gt; 0.05 and flat (no longer closing the gap) → keep until the next rung, then let ASHA judge.</summary>
    ParallelLosing,

    /// <summary>Δ &gt; 0 and BPB rising faster than +0.001/step → kill and replace with a fresh seed.</summary>
    Diverging,

    /// <summary>The curve fit gave no usable b∞ (too few points, no decay, …): no verdict, keep.</summary>
    InsufficientEvidence,
}
