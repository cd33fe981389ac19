using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>
/// Seeded inverted dropout: Y = X · m / keep with m ~ Bernoulli(keep). The mask of element i is a pure function of
/// (seed, stream, i) — a counter-based draw, not a stateful generator — so the same seed gives the same mask whatever
/// the thread partition, and a resumed run redraws exactly the masks of the uninterrupted one (stream = the step and
/// the layer's site). The scaled mask is kept in <see cref="Mask"/> so the backward pass is a single multiply.
/// Items: rows of width <see cref="Width"/>.
/// </summary>
public sealed unsafe class DropoutForward : IRangeJob
{
    public float* X, Y, Mask;
    public int Width;
    public float Rate;
    public ulong Seed, Stream;

    public void Execute(int start, int end)
    {
        float keep = 1f - Rate, scale = 1f / keep;
        long first = (long)start * Width, last = (long)end * Width;
        for (long i = first; i < last; i++)
        {
            float m = DropoutMask.Keeps(Seed, Stream, i, keep) ? scale : 0f;
            Mask[i] = m;
            Y[i] = X[i] * m;
        }
    }
}

/// <summary>dX = dY · mask (the scaled mask of the forward). dX may alias dY. Items: rows.</summary>
public sealed unsafe class DropoutBackward : IRangeJob
{
    public float* DY, DX, Mask;
    public int Width;

    public void Execute(int start, int end)
    {
        long first = (long)start * Width;
        int len = checked((end - start) * Width);
        System.Numerics.Tensors.TensorPrimitives.Multiply(
            new ReadOnlySpan<float>(DY + first, len), new ReadOnlySpan<float>(Mask + first, len), new Span<float>(DX + first, len));
    }
}

/// <summary>The counter-based Bernoulli draw shared by the forward pass and its tests.</summary>
public static class DropoutMask
{
    /// <summary>Whether element <paramref name="index"/> of stream <paramref name="stream"/> is kept (probability <paramref name="keep"/>).</summary>
    public static bool Keeps(ulong seed, ulong stream, long index, float keep) =>
        SplitMix64.Derive(seed ^ (stream * 0xD1B54A32D192ED03UL), (ulong)index).NextFloat() < keep;
}
