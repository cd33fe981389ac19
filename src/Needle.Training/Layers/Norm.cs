using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>The two normalisations: LayerNorm (mean and variance, weight and bias) and RMSNorm (weight only).</summary>
public enum NormKind { LayerNorm, RmsNorm }

/// <summary>Row-wise normalisation forward; saves mean and 1/σ for the backward. Items: rows.</summary>
public sealed unsafe class NormForward : IRangeJob
{
    public const float Epsilon = 1e-5f;
    public NormKind Kind;
    public float* X, Out, Mean, Rstd, Weight, Bias;
    public int C;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        for (int n = start; n < end; n++)
        {
            float* x = X + (long)n * C;
            float* o = Out + (long)n * C;
            float mean = 0f;
            if (Kind == NormKind.LayerNorm) mean = Simd.Sum(x, C) / C;
            float var = Simd.CenteredSquares(x, mean, C) / C;
            float rstd = 1f / MathF.Sqrt(var + Epsilon);
            Simd.Normalize(x, mean, rstd, Weight, Bias, o, C);
            Mean[n] = mean;
            Rstd[n] = rstd;
        }
    }
}

/// <summary>Row-wise normalisation backward into dX (accumulated). Items: rows.</summary>
public sealed unsafe class NormBackwardInput : IRangeJob
{
    public NormKind Kind;
    public float* X, DOut, DX, Mean, Rstd, Weight;
    public int C;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        for (int n = start; n < end; n++)
        {
            float* x = X + (long)n * C;
            float* d = DOut + (long)n * C;
            float* dx = DX + (long)n * C;
            float mean = Mean[n], rstd = Rstd[n];
            var (sumD, sumDX) = Simd.NormBackwardSums(x, d, Weight, mean, rstd, C);
            sumD /= C;
            sumDX /= C;
            if (Kind == NormKind.RmsNorm) sumD = 0f;
            Simd.NormBackwardApply(x, d, Weight, mean, rstd, sumD, sumDX, dx, C);
        }
    }
}

/// <summary>Weight (and bias) gradients of the normalisation, summed over rows in order. Items: column blocks of 16.</summary>
public sealed unsafe class NormBackwardParams : IRangeJob
{
    public float* X, DOut, Mean, Rstd, DWeight, DBias;
    public int N, C;

    public int Items => (C + 15) / 16;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        int c0 = start * 16, c1 = Math.Min(C, end * 16);
        for (int n = 0; n < N; n++)
        {
            float* x = X + (long)n * C;
            float* d = DOut + (long)n * C;
            float mean = Mean[n], rstd = Rstd[n];
            for (int c = c0; c < c1; c++)
            {
                DWeight[c] += d[c] * (x[c] - mean) * rstd;
                if (DBias != null) DBias[c] += d[c];
            }
        }
    }
}
