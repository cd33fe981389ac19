using System.Runtime.Intrinsics;
using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>
/// What the causal attention's forward and backward share: a (B·T, 3C) qkv buffer (q | k | v, heads contiguous
/// inside each third), items that are (batch, head) pairs, the 1/√head-size score scale, and the choice between the
/// register-tiled path (head size a multiple of 16 on AVX-512) and the portable one. Both paths give the same bits
/// for any thread split: an item owns disjoint slices of every output.
/// </summary>
public abstract unsafe class CausalAttentionJob : IRangeJob
{
    public float* Qkv;
    public int T, C, Heads;

    public void Execute(int start, int end)
    {
        if (Vector512.IsHardwareAccelerated && HeadSize % 16 == 0) ExecuteVector(start, end);
        else ExecuteScalar(start, end);
    }

    protected int HeadSize => C / Heads;

    /// <summary>T rounded up to 16 (the transposed tiles' row length).</summary>
    protected int PaddedT => (T + 15) & ~15;

    protected float Scale => 1f / MathF.Sqrt(HeadSize);

    /// <summary>Any head size; one row of scores at a time against a transposed copy of K (or V).</summary>
    protected abstract void ExecuteScalar(int start, int end);

    /// <summary>Head size a multiple of 16: register-accumulated sums, vectorised exp.</summary>
    protected abstract void ExecuteVector(int start, int end);
}
