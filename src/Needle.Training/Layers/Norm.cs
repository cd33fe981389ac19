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

    public void Execute(int start, int end)
    {
        for (int n = start; n < end; n++)
        {
            float* x = X + (long)n * C;
            float* o = Out + (long)n * C;
            float mean = 0f;
            if (Kind == NormKind.LayerNorm) mean = Simd.Sum(x, C) / C;
            float var = 0f;
            for (int c = 0; c < C; c++) { float d = x[c] - mean; var += d * d; }
            var /= C;
            float rstd = 1f / MathF.Sqrt(var + Epsilon);
            for (int c = 0; c < C; c++)
            {
                float v = (x[c] - mean) * rstd * Weight[c];
                o[c] = Bias != null ? v + Bias[c] : v;
            }
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

    public void Execute(int start, int end)
    {
        for (int n = start; n < end; n++)
        {
            float* x = X + (long)n * C;
            float* d = DOut + (long)n * C;
            float* dx = DX + (long)n * C;
            float mean = Mean[n], rstd = Rstd[n];
            float sumD = 0f, sumDX = 0f;
            for (int c = 0; c < C; c++)
            {
                float dn = d[c] * Weight[c];
                sumD += dn;
                sumDX += dn * (x[c] - mean) * rstd;
            }
            sumD /= C;
            sumDX /= C;
            if (Kind == NormKind.RmsNorm) sumD = 0f;
            for (int c = 0; c < C; c++)
            {
                float xhat = (x[c] - mean) * rstd;
                dx[c] += rstd * (d[c] * Weight[c] - sumD - xhat * sumDX);
            }
        }
    }
}

/// <summary>Weight (and bias) gradients of the normalisation, summed over rows in order. Items: column blocks of 16.</summary>
public sealed unsafe class NormBackwardParams : IRangeJob
{
    public float* X, DOut, Mean, Rstd, DWeight, DBias;
    public int N, C;

    public int Items => (C + 15) / 16;

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
