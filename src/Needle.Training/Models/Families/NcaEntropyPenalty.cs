namespace Needle.Training.Models.Families;

/// <summary>
/// The NCA auxiliary loss: activations are squashed by tanh into (−1, 1) and softly assigned to K = 9 levels
/// c_k = −1 + k/4 (p_ik = softmax_k(−(tanh x_i − c_k)² / (2σ²)), σ = half a level spacing), the level histogram
/// q_k = mean_i p_ik gives an entropy H = −Σ q_k ln q_k (nats), and the penalty is max(0, 1.5 − H) + max(0, H − 2.8).
/// Everything is differentiable, so the gradient reaches the activations (the upstream's "GRADFIX-NCA" was about
/// exactly that: its histogram was hard, so no gradient flowed). Note ln 9 ≈ 2.197 &lt; 2.8: with 9 levels the upper
/// bound can never bind; it is kept as the upstream wrote it and documented in README.
/// </summary>
public sealed class NcaEntropyPenalty
{
    public const int Levels = 9;
    public const double Low = 1.5, High = 2.8;
    private const double Sigma = 0.125; // half the level spacing 0.25
    private const double InvTwoSigma2 = 1.0 / (2 * Sigma * Sigma);
    private readonly double[] _q = new double[Levels];

    /// <summary>Entropy (nats) of the last <see cref="Forward"/>.</summary>
    public double Entropy { get; private set; }

    /// <summary>Penalty of the last <see cref="Forward"/>.</summary>
    public double Penalty { get; private set; }

    private static double Center(int k) => -1.0 + k * (2.0 / (Levels - 1));

    /// <summary>Computes the histogram, entropy and penalty of <paramref name="x"/>; returns the penalty.</summary>
    public double Forward(ReadOnlySpan<float> x)
    {
        Array.Clear(_q);
        Span<double> p = stackalloc double[Levels];
        for (int i = 0; i < x.Length; i++)
        {
            Assign(Math.Tanh(x[i]), p);
            for (int k = 0; k < Levels; k++) _q[k] += p[k];
        }
        double h = 0;
        for (int k = 0; k < Levels; k++)
        {
            _q[k] /= Math.Max(1, x.Length);
            if (_q[k] > 0) h -= _q[k] * Math.Log(_q[k]);
        }
        Entropy = h;
        Penalty = Math.Max(0, Low - h) + Math.Max(0, h - High);
        return Penalty;
    }

    /// <summary>dx += weight · dPenalty/dx for the <paramref name="x"/> of the last <see cref="Forward"/>.</summary>
    public void Backward(ReadOnlySpan<float> x, Span<float> dx, float weight)
    {
        double dPdH = Entropy < Low ? -1 : Entropy > High ? 1 : 0;
        if (dPdH == 0 || weight == 0f) return; // inside the band the penalty is flat
        Span<double> g = stackalloc double[Levels];
        Span<double> p = stackalloc double[Levels];
        double scale = weight * dPdH / x.Length;
        for (int k = 0; k < Levels; k++) g[k] = _q[k] > 0 ? -(Math.Log(_q[k]) + 1) * scale : 0; // dP/dq_k · (1/N)
        for (int i = 0; i < x.Length; i++)
        {
            double s = Math.Tanh(x[i]);
            Assign(s, p);
            double mean = 0;
            for (int k = 0; k < Levels; k++) mean += p[k] * g[k];
            double ds = 0; // d/ds of Σ_k p_k g_k, with dl_k/ds = −2(s − c_k)/(2σ²)
            for (int k = 0; k < Levels; k++) ds += p[k] * (g[k] - mean) * (-(s - Center(k)) * 2 * InvTwoSigma2);
            dx[i] += (float)(ds * (1 - s * s));
        }
    }

    private static void Assign(double s, Span<double> p)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < Levels; k++) { double d = s - Center(k); p[k] = -d * d * InvTwoSigma2; max = Math.Max(max, p[k]); }
        double sum = 0;
        for (int k = 0; k < Levels; k++) { p[k] = Math.Exp(p[k] - max); sum += p[k]; }
        for (int k = 0; k < Levels; k++) p[k] /= sum;
    }
}
