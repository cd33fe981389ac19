using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Needle.Training.Kernels;

/// <summary>
/// Short inlined vector loops for the attention and normalisation inner loops, where a library call per
/// 32-float row would cost more than the arithmetic. Vector512 where accelerated, Vector256 otherwise.
/// Each result depends only on its inputs (fixed lane order), never on the thread that computes it.
/// </summary>
internal static unsafe class Simd
{
    /// <summary>y[i] += a·x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, float* x, float* y, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            for (; i + 16 <= n; i += 16) Vector512.FusedMultiplyAdd(va, Vector512.Load(x + i), Vector512.Load(y + i)).Store(y + i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i + 8 <= n; i += 8) Vector256.FusedMultiplyAdd(va, Vector256.Load(x + i), Vector256.Load(y + i)).Store(y + i);
        }
        for (; i < n; i++) y[i] = MathF.FusedMultiplyAdd(a, x[i], y[i]);
    }

    /// <summary>Σ x[i]·y[i] with a fixed lane order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* x, float* y, int n)
    {
        int i = 0;
        float s = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(x + i), Vector512.Load(y + i), acc);
            s = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8) acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + i), Vector256.Load(y + i), acc);
            s = Vector256.Sum(acc);
        }
        for (; i < n; i++) s = MathF.FusedMultiplyAdd(x[i], y[i], s);
        return s;
    }

    /// <summary>Σ x[i] with a fixed lane order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float* x, int n)
    {
        int i = 0;
        float s = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16) acc += Vector512.Load(x + i);
            s = Vector512.Sum(acc);
        }
        for (; i < n; i++) s += x[i];
        return s;
    }

    /// <summary>y[i] += x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(float* x, float* y, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) (Vector512.Load(x + i) + Vector512.Load(y + i)).Store(y + i);
        for (; i < n; i++) y[i] += x[i];
    }

    /// <summary>Σ (x[i] − mean)².</summary>
    public static float CenteredSquares(float* x, float mean, int n)
    {
        int i = 0;
        float s = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var acc = Vector512<float>.Zero;
            var m = Vector512.Create(mean);
            for (; i + 16 <= n; i += 16) { var d = Vector512.Load(x + i) - m; acc = Vector512.FusedMultiplyAdd(d, d, acc); }
            s = Vector512.Sum(acc);
        }
        for (; i < n; i++) { float d = x[i] - mean; s += d * d; }
        return s;
    }

    /// <summary>o = (x − mean)·rstd·w (+ b).</summary>
    public static void Normalize(float* x, float mean, float rstd, float* w, float* b, float* o, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var m = Vector512.Create(mean); var r = Vector512.Create(rstd);
            for (; i + 16 <= n; i += 16)
            {
                var v = (Vector512.Load(x + i) - m) * r * Vector512.Load(w + i);
                if (b != null) v += Vector512.Load(b + i);
                v.Store(o + i);
            }
        }
        for (; i < n; i++)
        {
            float v = (x[i] - mean) * rstd * w[i];
            o[i] = b != null ? v + b[i] : v;
        }
    }

    /// <summary>(Σ d·w, Σ d·w·x̂) for the normalisation backward.</summary>
    public static (float SumD, float SumDX) NormBackwardSums(float* x, float* d, float* w, float mean, float rstd, int n)
    {
        int i = 0;
        float sd = 0f, sdx = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var a = Vector512<float>.Zero; var bx = Vector512<float>.Zero;
            var m = Vector512.Create(mean); var r = Vector512.Create(rstd);
            for (; i + 16 <= n; i += 16)
            {
                var dn = Vector512.Load(d + i) * Vector512.Load(w + i);
                a += dn;
                bx = Vector512.FusedMultiplyAdd(dn, (Vector512.Load(x + i) - m) * r, bx);
            }
            sd = Vector512.Sum(a);
            sdx = Vector512.Sum(bx);
        }
        for (; i < n; i++)
        {
            float dn = d[i] * w[i];
            sd += dn;
            sdx += dn * (x[i] - mean) * rstd;
        }
        return (sd, sdx);
    }

    /// <summary>dx += rstd·(d·w − sumD − x̂·sumDX).</summary>
    public static void NormBackwardApply(float* x, float* d, float* w, float mean, float rstd, float sumD, float sumDX, float* dx, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var m = Vector512.Create(mean); var r = Vector512.Create(rstd); var s1 = Vector512.Create(sumD); var s2 = Vector512.Create(sumDX);
            for (; i + 16 <= n; i += 16)
            {
                var xhat = (Vector512.Load(x + i) - m) * r;
                var v = r * (Vector512.Load(d + i) * Vector512.Load(w + i) - s1 - xhat * s2);
                (Vector512.Load(dx + i) + v).Store(dx + i);
            }
        }
        for (; i < n; i++)
        {
            float xhat = (x[i] - mean) * rstd;
            dx[i] += rstd * (d[i] * w[i] - sumD - xhat * sumDX);
        }
    }
}
