using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Needle.Training.Models.Families;

/// <summary>
/// The NCA auxiliary loss: activations are squashed by tanh into (−1, 1) and softly assigned to K = 9 levels
/// c_k = −1 + k/4 (p_ik = softmax_k(−(tanh x_i − c_k)² / (2σ²)), σ = half a level spacing), the level histogram
/// q_k = mean_i p_ik gives an entropy H = −Σ q_k ln q_k (nats), and the penalty is max(0, 1.5 − H) + max(0, H − 2.8).
/// Everything is differentiable, so the gradient reaches the activations (a hard histogram would pass none). Note
/// ln 9 ≈ 2.197 &lt; 2.8: with 9 levels the upper bound can never bind; it is kept as specified (docs/decisions.md).
/// Performance: the per-activation math (tanh, the 9-way softmax, the backward chain rule) runs in float on
/// Vector512 lanes, 16 activations at a time, single-threaded; the 9 histogram bins are accumulated in double in a
/// fixed order, so the result is deterministic and independent of the thread count. The last partial vector is
/// masked rather than handled by a scalar tail, so every activation goes through exactly the same arithmetic.
/// </summary>
public sealed class NcaEntropyPenalty
{
    public const int Levels = 9;
    public const double Low = 1.5, High = 2.8;
    private const float Sigma = 0.125f; // half the level spacing 0.25
    private const float InvTwoSigma2 = 1f / (2 * Sigma * Sigma);
    private static readonly int Lanes = Vector512<float>.Count;
    private readonly double[] _q = new double[Levels];

    /// <summary>Entropy (nats) of the last <see cref="Forward"/>.</summary>
    public double Entropy { get; private set; }

    /// <summary>Penalty of the last <see cref="Forward"/>.</summary>
    public double Penalty { get; private set; }

    private static float Center(int k) => -1f + k * (2f / (Levels - 1));

    /// <summary>Computes the histogram, entropy and penalty of <paramref name="x"/>; returns the penalty.</summary>
    public double Forward(ReadOnlySpan<float> x)
    {
        Span<Vector512<float>> p = stackalloc Vector512<float>[Levels];
        Span<Vector512<double>> acc = stackalloc Vector512<double>[Levels];
        acc.Clear();
        Span<float> tail = stackalloc float[Lanes];
        for (int i = 0; i < x.Length; i += Lanes)
        {
            var mask = LoadMasked(x, i, tail, out var xv);
            Probabilities(Tanh(xv), p);
            for (int k = 0; k < Levels; k++)
            {
                // Masked lanes of the last vector must not count; then widen to double before accumulating so the
                // bins keep double precision however many activations there are.
                var (lo, hi) = Vector512.Widen(p[k] & mask);
                acc[k] += lo + hi;
            }
        }
        double h = 0;
        for (int k = 0; k < Levels; k++)
        {
            _q[k] = Vector512.Sum(acc[k]) / Math.Max(1, x.Length);
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
        if (dx.Length < x.Length) throw new ArgumentException($"dx has {dx.Length} elements, x has {x.Length}.", nameof(dx));
        Span<Vector512<float>> g = stackalloc Vector512<float>[Levels];
        Span<Vector512<float>> p = stackalloc Vector512<float>[Levels];
        double scale = weight * dPdH / x.Length;
        for (int k = 0; k < Levels; k++) // dP/dq_k · (1/N)
            g[k] = Vector512.Create((float)(_q[k] > 0 ? -(Math.Log(_q[k]) + 1) * scale : 0));
        var dsdl = Vector512.Create(-2f * InvTwoSigma2); // dl_k/ds = −2(s − c_k)/(2σ²)
        Span<float> tail = stackalloc float[Lanes];
        for (int i = 0; i < x.Length; i += Lanes)
        {
            LoadMasked(x, i, tail, out var xv);
            var s = Tanh(xv);
            Probabilities(s, p);
            var mean = Vector512<float>.Zero;
            for (int k = 0; k < Levels; k++) mean += p[k] * g[k];
            var ds = Vector512<float>.Zero; // d/ds of Σ_k p_k g_k
            for (int k = 0; k < Levels; k++) ds += p[k] * (g[k] - mean) * ((s - Vector512.Create(Center(k))) * dsdl);
            var dxi = ds * (Vector512<float>.One - s * s);
            if (i + Lanes <= x.Length)
            {
                var slot = dx.Slice(i, Lanes);
                (Vector512.Create<float>(slot) + dxi).CopyTo(slot);
            }
            else
            {
                dxi.CopyTo(tail);
                for (int j = i; j < x.Length; j++) dx[j] += tail[j - i];
            }
        }
    }

    /// <summary>Loads 16 activations from <paramref name="i"/>; past the end (via <paramref name="buffer"/>) the lanes are 0 and the mask clears them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LoadMasked(ReadOnlySpan<float> x, int i, Span<float> buffer, out Vector512<float> xv)
    {
        if (i + Lanes <= x.Length)
        {
            xv = Vector512.Create(x.Slice(i, Lanes));
            return Vector512<float>.AllBitsSet;
        }
        buffer.Clear();
        x[i..].CopyTo(buffer);
        xv = Vector512.Create<float>(buffer);
        var lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        return Vector512.LessThan(lane, Vector512.Create(x.Length - i)).AsSingle();
    }

    /// <summary>tanh via exp(−2|x|), which cannot overflow: tanh|x| = (1 − t)/(1 + t), sign restored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Tanh(Vector512<float> x)
    {
        var t = Vector512.Exp(Vector512.Abs(x) * Vector512.Create(-2f));
        var magnitude = (Vector512<float>.One - t) / (Vector512<float>.One + t);
        return Vector512.CopySign(magnitude, x);
    }

    /// <summary>p_k = softmax_k(−(s − c_k)²/(2σ²)), the max subtracted first as in a scalar softmax.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Probabilities(Vector512<float> s, Span<Vector512<float>> p)
    {
        var max = Vector512.Create(float.NegativeInfinity);
        var negInv = Vector512.Create(-InvTwoSigma2);
        for (int k = 0; k < Levels; k++)
        {
            var d = s - Vector512.Create(Center(k));
            p[k] = d * d * negInv;
            max = Vector512.Max(max, p[k]);
        }
        var sum = Vector512<float>.Zero;
        for (int k = 0; k < Levels; k++) { p[k] = Vector512.Exp(p[k] - max); sum += p[k]; }
        var inv = Vector512<float>.One / sum;
        for (int k = 0; k < Levels; k++) p[k] *= inv;
    }
}
