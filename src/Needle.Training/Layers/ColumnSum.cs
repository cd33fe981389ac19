using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>Sum[c] += Σ_n X[n, c] (bias gradients), rows in order. Items: column blocks of 16.</summary>
public sealed unsafe class ColumnSum : IRangeJob
{
    public float* X, Sum;
    public int N, C;

    public int Items => (C + 15) / 16;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        int c0 = start * 16, c1 = Math.Min(C, end * 16);
        for (int n = 0; n < N; n++)
        {
            float* x = X + (long)n * C;
            if (c1 - c0 == 16 && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            {
                Simd.Add(x + c0, Sum + c0, 16);
                continue;
            }
            for (int c = c0; c < c1; c++) Sum[c] += x[c];
        }
    }
}
