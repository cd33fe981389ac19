namespace Needle.Search.Hunt;

/// <summary>Where mirror seeds come from (<c>needle hunt mirror --strategy</c>).</summary>
public enum MirrorStrategy
{
    /// <summary>φ-anchored seed_k, k = 1, 2, … not yet used in the study.</summary>
    PhiAnchored,

    /// <summary>The leader's neighbours: seed + 1, seed − 1, seed + 2, …</summary>
    Sibling,

    /// <summary>Uniform 32-bit seeds from the study's master seed ("hunt-mirror" stream, position persisted).</summary>
    Random,
}
