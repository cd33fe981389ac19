using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>
/// Causal multi-head self-attention over a (B·T, 3C) qkv buffer (q | k | v, heads contiguous inside each third).
/// Scores are computed a query row at a time against a transposed copy of K, so the inner loop is a vector
/// FMA across keys rather than a horizontal dot product per key. Items: (batch, head) pairs, which own
/// disjoint slices of every output, so any thread split gives the same bits.
/// </summary>
public sealed unsafe class CausalAttentionForward : IRangeJob
{
    public float* Qkv, Out, Att;
    public int T, C, Heads;

    public void Execute(int start, int end)
    {
        int hs = C / Heads, tp = (T + 15) & ~15;
        float* kt = stackalloc float[hs * tp];
        float* sc = stackalloc float[tp];
        float scale = 1f / MathF.Sqrt(hs);
        for (int item = start; item < end; item++)
        {
            int b = item / Heads, h = item % Heads;
            float* qkvB = Qkv + (long)b * T * 3 * C;
            for (int d = 0; d < hs; d++)
            {
                for (int t2 = 0; t2 < T; t2++) kt[d * tp + t2] = qkvB[(long)t2 * 3 * C + C + h * hs + d];
                for (int t2 = T; t2 < tp; t2++) kt[d * tp + t2] = 0f;
            }
            for (int t = 0; t < T; t++)
            {
                float* q = qkvB + (long)t * 3 * C + h * hs;
                int len = Math.Min(tp, (t + 16) & ~15);
                new Span<float>(sc, len).Clear();
                for (int d = 0; d < hs; d++) Simd.Axpy(q[d], kt + d * tp, sc, len);
                float max = float.NegativeInfinity;
                for (int t2 = 0; t2 <= t; t2++) { sc[t2] *= scale; if (sc[t2] > max) max = sc[t2]; }
                float sum = 0f;
                for (int t2 = 0; t2 <= t; t2++) { float e = MathF.Exp(sc[t2] - max); sc[t2] = e; sum += e; }
                float inv = 1f / sum;
                float* att = Att + ((long)item * T + t) * T;
                float* o = Out + ((long)b * T + t) * C + h * hs;
                new Span<float>(o, hs).Clear();
                for (int t2 = 0; t2 <= t; t2++)
                {
                    float p = sc[t2] * inv;
                    att[t2] = p;
                    Simd.Axpy(p, qkvB + (long)t2 * 3 * C + 2 * C + h * hs, o, hs);
                }
                for (int t2 = t + 1; t2 < T; t2++) att[t2] = 0f;
            }
        }
    }
}

/// <summary>Backward of <see cref="CausalAttentionForward"/>: writes (not accumulates) dQkv. Items: (batch, head) pairs.</summary>
public sealed unsafe class CausalAttentionBackward : IRangeJob
{
    public float* Qkv, Att, DOut, DQkv;
    public int T, C, Heads;

    public void Execute(int start, int end)
    {
        int hs = C / Heads, tp = (T + 15) & ~15;
        float* vt = stackalloc float[hs * tp];
        float* da = stackalloc float[tp];
        float scale = 1f / MathF.Sqrt(hs);
        for (int item = start; item < end; item++)
        {
            int b = item / Heads, h = item % Heads;
            float* qkvB = Qkv + (long)b * T * 3 * C;
            float* dB = DQkv + (long)b * T * 3 * C;
            for (int d = 0; d < hs; d++)
            {
                for (int t2 = 0; t2 < T; t2++) vt[d * tp + t2] = qkvB[(long)t2 * 3 * C + 2 * C + h * hs + d];
                for (int t2 = T; t2 < tp; t2++) vt[d * tp + t2] = 0f;
            }
            for (int t = 0; t < T; t++)
                for (int part = 0; part < 3; part++) new Span<float>(dB + (long)t * 3 * C + part * C + h * hs, hs).Clear();
            for (int t = 0; t < T; t++)
            {
                float* dout = DOut + ((long)b * T + t) * C + h * hs;
                float* att = Att + ((long)item * T + t) * T;
                int len = Math.Min(tp, (t + 16) & ~15);
                new Span<float>(da, len).Clear();
                for (int d = 0; d < hs; d++) Simd.Axpy(dout[d], vt + d * tp, da, len);
                float dot = 0f;
                for (int t2 = 0; t2 <= t; t2++)
                {
                    Simd.Axpy(att[t2], dout, dB + (long)t2 * 3 * C + 2 * C + h * hs, hs);
                    dot += att[t2] * da[t2];
                }
                float* q = qkvB + (long)t * 3 * C + h * hs;
                float* dq = dB + (long)t * 3 * C + h * hs;
                for (int t2 = 0; t2 <= t; t2++)
                {
                    float dpre = att[t2] * (da[t2] - dot) * scale;
                    Simd.Axpy(dpre, qkvB + (long)t2 * 3 * C + C + h * hs, dq, hs);
                    Simd.Axpy(dpre, q, dB + (long)t2 * 3 * C + C + h * hs, hs);
                }
            }
        }
    }
}
