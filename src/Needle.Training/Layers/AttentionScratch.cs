using System.Runtime.Intrinsics;

namespace Needle.Training.Layers;

/// <summary>Per-thread scratch for attention (grown once, then reused: no allocation in steady state).</summary>
internal static unsafe class AttentionScratch
{
    [ThreadStatic] private static float[]? _buffer;

    public static float[] Get(long floats)
    {
        if (_buffer is null || _buffer.Length < floats) _buffer = new float[floats];
        return _buffer;
    }

    /// <summary>dst[d·tp + t] = src[t·stride + d] for t &lt; rows, zero-padded to tp columns.</summary>
    public static void Transpose(float* src, int stride, int rows, int cols, float* dst, int tp)
    {
        for (int d = 0; d < cols; d++)
        {
            float* dd = dst + (long)d * tp;
            for (int t = 0; t < rows; t++) dd[t] = src[(long)t * stride + d];
            for (int t = rows; t < tp; t++) dd[t] = 0f;
        }
    }

    /// <summary>
    /// out[j] = scale·Σ_d row[d]·cols[d·tp + j] for j in 16-wide blocks [0, blocks·16); four blocks at a time in
    /// independent accumulators so the FMA chain latency is hidden.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void RowTimesColumns(float* row, float* cols, int tp, int depth, int blocks, float* output, float scale)
    {
        int blk = 0;
        for (; blk + 4 <= blocks; blk += 4)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            float* c = cols + blk * 16;
            for (int d = 0; d < depth; d++)
            {
                var r = Vector512.Create(row[d]);
                float* cd = c + (long)d * tp;
                a0 = Vector512.FusedMultiplyAdd(r, Vector512.Load(cd), a0);
                a1 = Vector512.FusedMultiplyAdd(r, Vector512.Load(cd + 16), a1);
                a2 = Vector512.FusedMultiplyAdd(r, Vector512.Load(cd + 32), a2);
                a3 = Vector512.FusedMultiplyAdd(r, Vector512.Load(cd + 48), a3);
            }
            (a0 * scale).Store(output + blk * 16);
            (a1 * scale).Store(output + blk * 16 + 16);
            (a2 * scale).Store(output + blk * 16 + 32);
            (a3 * scale).Store(output + blk * 16 + 48);
        }
        for (; blk < blocks; blk++)
        {
            Vector512<float> a0 = default, a1 = default;
            float* c = cols + blk * 16;
            int d = 0;
            for (; d + 2 <= depth; d += 2)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(row[d]), Vector512.Load(c + (long)d * tp), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(row[d + 1]), Vector512.Load(c + (long)(d + 1) * tp), a1);
            }
            if (d < depth) a0 = Vector512.FusedMultiplyAdd(Vector512.Create(row[d]), Vector512.Load(c + (long)d * tp), a0);
            ((a0 + a1) * scale).Store(output + blk * 16);
        }
    }

    /// <summary>Σ_{i∈[from,to)} w[i]·x[i·stride .. +16], as two interleaved accumulator chains.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> WeightedRowSum(float* w, float* x, int stride, int from, int to)
    {
        Vector512<float> a0 = default, a1 = default;
        int i = from;
        for (; i + 2 <= to; i += 2)
        {
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(w[i]), Vector512.Load(x + (long)i * stride), a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(w[i + 1]), Vector512.Load(x + (long)(i + 1) * stride), a1);
        }
        if (i < to) a0 = Vector512.FusedMultiplyAdd(Vector512.Create(w[i]), Vector512.Load(x + (long)i * stride), a0);
        return a0 + a1;
    }
}
