using Needle.Training.Kernels;

namespace Needle.Training.Models.Families;

/// <summary>
/// The n-gram feature of TRAIN_V2 / HYBRID: f[b,t] = Σ_{i&lt;K, t−i≥0} α_i · wte[x[b, t−i]], the embeddings of the
/// current and K−1 previous bytes mixed with per-position weights α (init 0.7·0.45^i). Positions before
/// the start of the window contribute nothing (the window is all the model sees). Items: rows (b·T + t).
/// </summary>
public sealed unsafe class NgramMixForward : IRangeJob
{
    public int* Tokens;
    public float* Wte, Alpha, Out;
    public int T, C, K;

    public void Execute(int start, int end)
    {
        for (int n = start; n < end; n++)
        {
            float* o = Out + (long)n * C;
            new Span<float>(o, C).Clear();
            int t = n % T;
            for (int i = 0; i < K && i <= t; i++)
                Simd.Axpy(Alpha[i], Wte + (long)Tokens[n - i] * C, o, C);
        }
    }

    /// <summary>The initial mix weights 0.7·0.45^i.</summary>
    public static float InitialWeight(int i) => (float)(0.7 * Math.Pow(0.45, i));
}

/// <summary>
/// Backward of <see cref="NgramMixForward"/>: dWte[x[b,t−i]] += α_i·dF[b,t] and, when <see cref="DAlpha"/> is set,
/// dα_i += Σ_{b,t} dF[b,t]·wte[x[b,t−i]]. Items are column blocks of 16 walking every row in order, so the sum
/// order of each element is fixed whatever the thread count; dα is reduced afterwards by <see cref="ReduceAlpha"/>.
/// </summary>
public sealed unsafe class NgramMixBackward : IRangeJob
{
    public int* Tokens;
    public float* Wte, Alpha, DOut, DWte, DAlpha;
    public int N, T, C, K;

    /// <summary>Per column block and position i: the partial dα (Items·K floats, written).</summary>
    public float* AlphaPartials;

    public int Items => ItemsFor(C);

    /// <summary>Column blocks for width <paramref name="c"/> (sizes <see cref="AlphaPartials"/>).</summary>
    public static int ItemsFor(int c) => (c + 15) / 16;

    public void Execute(int start, int end)
    {
        for (int blk = start; blk < end; blk++)
        {
            int c0 = blk * 16, c1 = Math.Min(C, c0 + 16);
            float* part = AlphaPartials + (long)blk * K;
            for (int i = 0; i < K; i++) part[i] = 0f;
            for (int n = 0; n < N; n++)
            {
                int t = n % T;
                float* d = DOut + (long)n * C;
                for (int i = 0; i < K && i <= t; i++)
                {
                    long row = (long)Tokens[n - i] * C;
                    float* w = DWte + row;
                    float* e = Wte + row;
                    float a = Alpha[i], dot = 0f;
                    for (int c = c0; c < c1; c++) { w[c] += a * d[c]; dot += d[c] * e[c]; }
                    part[i] += dot;
                }
            }
        }
    }

    /// <summary>dα_i += Σ over column blocks in block order (deterministic).</summary>
    public void ReduceAlpha()
    {
        if (DAlpha == null) return;
        for (int blk = 0; blk < Items; blk++)
            for (int i = 0; i < K; i++) DAlpha[i] += AlphaPartials[(long)blk * K + i];
    }
}
