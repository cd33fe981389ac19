using System.Runtime.Intrinsics;
using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>
/// Causal multi-head self-attention (<see cref="CausalAttentionJob"/>): writes the output and the attention weights.
/// Scores are computed a query row at a time against a transposed copy of K, so the inner loop is a vector FMA across
/// keys rather than a horizontal dot product per key.
/// </summary>
public sealed unsafe class CausalAttentionForward : CausalAttentionJob
{
    public float* Out, Att;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void ExecuteScalar(int start, int end)
    {
        int hs = HeadSize, tp = PaddedT;
        float* kt = stackalloc float[hs * tp];
        float* sc = stackalloc float[tp];
        float scale = Scale;
        for (int item = start; item < end; item++)
        {
            int b = item / Heads, h = item % Heads;
            float* qkvB = Qkv + (long)b * T * 3 * C;
            AttentionScratch.Transpose(qkvB + C + h * hs, 3 * C, T, hs, kt, tp);
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

    /// <summary>Head size a multiple of 16: scores and outputs accumulate in registers, exp is vectorised.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void ExecuteVector(int start, int end)
    {
        int hs = HeadSize, tp = PaddedT;
        var scratch = AttentionScratch.Get((long)hs * tp + tp);
        fixed (float* s0 = scratch)
        {
            float* kt = s0, sc = s0 + (long)hs * tp;
            float scale = Scale;
            for (int item = start; item < end; item++)
            {
                int b = item / Heads, h = item % Heads;
                float* qkvB = Qkv + (long)b * T * 3 * C;
                AttentionScratch.Transpose(qkvB + C + h * hs, 3 * C, T, hs, kt, tp);
                for (int t = 0; t < T; t++)
                {
                    float* q = qkvB + (long)t * 3 * C + h * hs;
                    int blocks = (t + 16) >> 4;
                    AttentionScratch.RowTimesColumns(q, kt, tp, hs, blocks, sc, scale);
                    float max = float.NegativeInfinity;
                    for (int t2 = 0; t2 <= t; t2++) max = MathF.Max(max, sc[t2]);
                    float inv = 1f / FastMath.ExpShiftedSum(sc, sc, t + 1, max);
                    float* att = Att + ((long)item * T + t) * T;
                    for (int t2 = 0; t2 <= t; t2++) att[t2] = sc[t2] * inv;
                    for (int t2 = t + 1; t2 < T; t2++) att[t2] = 0f;
                    float* o = Out + ((long)b * T + t) * C + h * hs;
                    for (int c0 = 0; c0 < hs; c0 += 16)
                        AttentionScratch.WeightedRowSum(att, qkvB + 2 * C + h * hs + c0, 3 * C, 0, t + 1).Store(o + c0);
                }
            }
        }
    }
}

/// <summary>Backward of <see cref="CausalAttentionForward"/>: writes (not accumulates) dQkv. Items: (batch, head) pairs.</summary>
public sealed unsafe class CausalAttentionBackward : CausalAttentionJob
{
    public float* Att, DOut, DQkv;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void ExecuteScalar(int start, int end)
    {
        int hs = HeadSize, tp = PaddedT;
        float* vt = stackalloc float[hs * tp];
        float* da = stackalloc float[tp];
        float scale = Scale;
        for (int item = start; item < end; item++)
        {
            int b = item / Heads, h = item % Heads;
            float* qkvB = Qkv + (long)b * T * 3 * C;
            float* dB = DQkv + (long)b * T * 3 * C;
            AttentionScratch.Transpose(qkvB + 2 * C + h * hs, 3 * C, T, hs, vt, tp);
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

    /// <summary>
    /// Head size a multiple of 16: first dPre = P ⊙ (dP − rowsum(P ⊙ dP)) for the whole (T × T) tile, then dq, dk and
    /// dv each as register-accumulated sums, written once.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    protected override void ExecuteVector(int start, int end)
    {
        int hs = HeadSize, tp = PaddedT;
        var scratch = AttentionScratch.Get((long)hs * tp + (long)T * tp);
        fixed (float* s0 = scratch)
        {
            float* vt = s0, dpre = s0 + (long)hs * tp;
            float scale = Scale;
            int row = 3 * C;
            for (int item = start; item < end; item++)
            {
                int b = item / Heads, h = item % Heads;
                float* qkvB = Qkv + (long)b * T * row;
                float* dB = DQkv + (long)b * T * row;
                float* dOutB = DOut + (long)b * T * C + h * hs;
                float* attI = Att + (long)item * T * T;
                AttentionScratch.Transpose(qkvB + 2 * C + h * hs, row, T, hs, vt, tp);
                for (int t = 0; t < T; t++)
                {
                    float* dout = dOutB + (long)t * C;
                    float* att = attI + (long)t * T;
                    float* dp = dpre + (long)t * tp;
                    int blocks = (t + 16) >> 4;
                    AttentionScratch.RowTimesColumns(dout, vt, tp, hs, blocks, dp, 1f);
                    float dot = 0f;
                    for (int t2 = 0; t2 <= t; t2++) dot += att[t2] * dp[t2];
                    for (int t2 = 0; t2 <= t; t2++) dp[t2] = att[t2] * (dp[t2] - dot) * scale;
                }
                for (int c0 = 0; c0 < hs; c0 += 16)
                {
                    float* q = qkvB + h * hs + c0, k = qkvB + C + h * hs + c0, dO = dOutB + c0;
                    for (int t = 0; t < T; t++)
                        AttentionScratch.WeightedRowSum(dpre + (long)t * tp, k, row, 0, t + 1).Store(dB + (long)t * row + h * hs + c0);
                    for (int t2 = 0; t2 < T; t2++)
                    {
                        var dk = Vector512<float>.Zero;
                        var dv = Vector512<float>.Zero;
                        for (int t = t2; t < T; t++)
                        {
                            dk = Vector512.FusedMultiplyAdd(Vector512.Create(dpre[(long)t * tp + t2]), Vector512.Load(q + (long)t * row), dk);
                            dv = Vector512.FusedMultiplyAdd(Vector512.Create(attI[(long)t * T + t2]), Vector512.Load(dO + (long)t * C), dv);
                        }
                        dk.Store(dB + (long)t2 * row + C + h * hs + c0);
                        dv.Store(dB + (long)t2 * row + 2 * C + h * hs + c0);
                    }
                }
            }
        }
    }
}
