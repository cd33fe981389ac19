namespace Needle.Training.Models;

/// <summary>muP's three parameter groups: each has its own init scale and learning-rate multiplier.</summary>
public enum ParameterGroup { Embedding, Hidden, Readout }

/// <summary>One named parameter tensor: a slice [Offset, Offset+Size) of the model's flat parameter vector.</summary>
public sealed record ParameterTensor(string Name, int[] Shape, long Offset, ParameterGroup Group, bool Decay)
{
    public long Size => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Fan-in of a matrix (its last dimension); 1 for vectors.</summary>
    public int FanIn => Shape.Length >= 2 ? Shape[^1] : 1;

    /// <summary>The tensor's own learning-rate factor on top of its group's (muP's 1/width on hidden matrices; 1 under SP).</summary>
    public float LrScale { get; init; } = 1f;

    /// <summary>Leading rows (output units) set to zero after initialisation: muP's zero-initialised query
    /// (the first third of a fused qkv matrix); 0 = none, always 0 under SP.</summary>
    public int ZeroLeadingRows { get; init; }
}
