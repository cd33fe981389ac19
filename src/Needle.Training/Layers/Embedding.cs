using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>x[n] = wte[token[n]] + wpe[n mod T] (wpe optional: RoPE-only models have no learned positions). Items: rows.</summary>
public sealed unsafe class EmbeddingForward : IRangeJob
{
    public int* Tokens;
    public float* Wte, Wpe, Out;
    public int T, C;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        for (int n = start; n < end; n++)
        {
            float* o = Out + (long)n * C;
            float* e = Wte + (long)Tokens[n] * C;
            if (Wpe == null) new ReadOnlySpan<float>(e, C).CopyTo(new Span<float>(o, C));
            else
            {
                float* p = Wpe + (long)(n % T) * C;
                for (int c = 0; c < C; c++) o[c] = e[c] + p[c];
            }
        }
    }
}

/// <summary>
/// Scatter-adds the embedding gradient. Items are column blocks of 16, each walking all rows in order, so the
/// sum order per element is fixed whatever the thread count (no atomics, no per-thread partials).
/// </summary>
public sealed unsafe class EmbeddingBackward : IRangeJob
{
    public int* Tokens;
    public float* DOut, DWte, DWpe;
    public int N, T, C;

    public int Items => (C + 15) / 16;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        int c0 = start * 16, c1 = Math.Min(C, end * 16);
        for (int n = 0; n < N; n++)
        {
            float* d = DOut + (long)n * C;
            float* w = DWte + (long)Tokens[n] * C;
            for (int c = c0; c < c1; c++) w[c] += d[c];
            if (DWpe != null)
            {
                float* p = DWpe + (long)(n % T) * C;
                for (int c = c0; c < c1; c++) p[c] += d[c];
            }
        }
    }
}
