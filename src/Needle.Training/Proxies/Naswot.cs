using Needle.Training.Models;

namespace Needle.Training.Proxies;

/// <summary>
/// NASWOT (Mellor et al. 2021, "nwot" in NASLib): each sequence of the real batch is one sample; its binary code is
/// which MLP units are active (activation &gt; 0, which for GELU, ReLU and ReLU² is pre-activation &gt; 0) at every
/// position of every layer. K[i,j] = number of code bits on which samples i and j agree (c·cᵀ + (1−c)·(1−c)ᵀ, i.e.
/// N_A − Hamming distance); the score is log|det K| (double precision). Identical codes make K singular: the score is
/// then −∞ (the lowest possible rank).
/// </summary>
public sealed class Naswot : IZeroCostProxy
{
    public string Name => "naswot";

    public double Score(ModelBase model, ProxyBatch batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        var kernel = new AgreementKernel(ProxyBatch.Sequences, batch.Ctx);
        var previous = model.Observer;
        model.Observer = kernel;
        try
        {
            model.Forward(batch.Inputs, [], ProxyBatch.Sequences);
        }
        finally
        {
            model.Observer = previous;
        }
        if (kernel.Bits == 0) throw new InvalidOperationException($"naswot: the {model.Config.Model} model reported no MLP activations (site \"mlp_act\")");
        return LogDeterminant.Symmetric(kernel.K, ProxyBatch.Sequences);
    }

    /// <summary>Accumulates K from every "mlp_act" site as the forward pass reports it.</summary>
    private sealed class AgreementKernel(int samples, int ctx) : IActivationObserver
    {
        public double[] K { get; } = new double[samples * samples];
        public long Bits { get; private set; }

        public void Observe(int layer, string site, ReadOnlySpan<float> activations)
        {
            if (site != "mlp_act") return;
            int perSample = activations.Length / samples;
            if (perSample * samples != activations.Length || perSample % ctx != 0)
                throw new InvalidOperationException($"naswot: layer {layer} reported {activations.Length} activations, not a multiple of {samples} sequences × {ctx} positions");
            var active = new bool[activations.Length];
            for (int i = 0; i < active.Length; i++) active[i] = activations[i] > 0f;
            for (int a = 0; a < samples; a++)
                for (int b = a; b < samples; b++)
                {
                    var x = active.AsSpan(a * perSample, perSample);
                    var y = active.AsSpan(b * perSample, perSample);
                    int agree = 0;
                    for (int i = 0; i < perSample; i++) agree += x[i] == y[i] ? 1 : 0;
                    K[a * samples + b] += agree;
                    if (a != b) K[b * samples + a] += agree;
                }
            Bits += perSample;
        }
    }
}

/// <summary>log|det| of a symmetric positive semi-definite matrix by Cholesky in double; −∞ when it is singular.</summary>
public static class LogDeterminant
{
    public static double Symmetric(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Length != n * n) throw new ArgumentException($"a {n}×{n} matrix has {n * n} entries, not {matrix.Length}");
        var l = new double[n * n];
        double logDet = 0;
        for (int j = 0; j < n; j++)
        {
            double d = matrix[j * n + j];
            for (int k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
            // Relative tolerance: K's entries are bit counts, so a pivot this small is a rounding residue of a singular K.
            if (d <= 1e-9 * Math.Max(1.0, matrix[j * n + j])) return double.NegativeInfinity;
            var root = Math.Sqrt(d);
            l[j * n + j] = root;
            logDet += 2 * Math.Log(root);
            for (int i = j + 1; i < n; i++)
            {
                double s = matrix[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = s / root;
            }
        }
        return logDet;
    }
}
