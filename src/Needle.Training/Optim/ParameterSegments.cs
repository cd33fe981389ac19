using Needle.Training.Models;

namespace Needle.Training.Optim;

/// <summary>
/// The flat parameter vector cut into fixed segments (≤ <see cref="MaxLength"/> floats, never crossing a tensor),
/// each carrying its tensor's learning-rate multiplier (group multiplier × the tensor's muP scale) and decay flag. Segments are the work items of the
/// optimiser and of the gradient-norm reduction, so both are independent of the thread count.
/// </summary>
public sealed class ParameterSegments
{
    public const int MaxLength = 8192;

    public ParameterSegments(IReadOnlyList<ParameterTensor> tensors, GroupMultipliers lrMultipliers)
    {
        var list = new List<Segment>();
        foreach (var t in tensors)
        {
            float mult = lrMultipliers.For(t.Group) * t.LrScale; // ×1f under SP: bit-identical
            for (long o = 0; o < t.Size; o += MaxLength)
                list.Add(new Segment(t.Offset + o, (int)Math.Min(MaxLength, t.Size - o), mult, t.Decay));
        }
        Items = [.. list];
    }

    public Segment[] Items { get; }

    /// <summary>One contiguous run of parameters with the same hyper-parameters.</summary>
    public readonly record struct Segment(long Offset, int Length, float LrMultiplier, bool Decay);
}

/// <summary>Per-group multipliers (muP's learning-rate and init scalings).</summary>
public sealed record GroupMultipliers(float Embedding = 1f, float Hidden = 1f, float Readout = 1f)
{
    public float For(ParameterGroup g) => g switch
    {
        ParameterGroup.Embedding => Embedding,
        ParameterGroup.Hidden => Hidden,
        _ => Readout,
    };
}
