using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Needle.Training.Kernels;

/// <summary>
/// Vectorised exp (Cephes-style: 2ⁿ·p(r), r = x − n·ln2, degree-6 polynomial, ≈1 ulp) and the functions built on it,
/// applied in place over spans. Deterministic: each lane's result depends only on its input, and the scalar tail uses
/// the same polynomial, so a value does not depend on where in a span (or which thread's slice) it falls.
/// </summary>
internal static unsafe class FastMath
{
    private const float Log2E = 1.44269504088896341f, Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f;
    private const float Max = 88.3762626647949f, Min = -87.3365447504019f;
    private const float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f,
        P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(Min)), Vector512.Create(Max));
        var n = Vector512.Floor(Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(0.5f)));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.Create(P0);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        x = MathF.Min(MathF.Max(x, Min), Max);
        float n = MathF.Floor(MathF.FusedMultiplyAdd(x, Log2E, 0.5f));
        float r = MathF.FusedMultiplyAdd(n, -Ln2Hi, x);
        r = MathF.FusedMultiplyAdd(n, -Ln2Lo, r);
        float p = P0;
        p = MathF.FusedMultiplyAdd(p, r, P1);
        p = MathF.FusedMultiplyAdd(p, r, P2);
        p = MathF.FusedMultiplyAdd(p, r, P3);
        p = MathF.FusedMultiplyAdd(p, r, P4);
        p = MathF.FusedMultiplyAdd(p, r, P5);
        p = MathF.FusedMultiplyAdd(p, r * r, r + 1f);
        return p * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    }

    /// <summary>y[i] = exp(x[i] − shift); returns Σ y (lane-ordered).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static float ExpShiftedSum(float* x, float* y, int n, float shift)
    {
        int i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            var s = Vector512.Create(shift);
            for (; i + 16 <= n; i += 16)
            {
                var e = Exp(Vector512.Load(x + i) - s);
                e.Store(y + i);
                acc += e;
            }
            sum = Vector512.Sum(acc);
        }
        for (; i < n; i++) { float e = Exp(x[i] - shift); y[i] = e; sum += e; }
        return sum;
    }

    /// <summary>GELU (tanh form, written as x·σ(2u), u = √(2/π)(x + 0.044715x³)).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Gelu(float* x, float* y, long n)
    {
        const float k2 = -2f * 0.7978845608028654f, a = 0.044715f;
        long i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vk = Vector512.Create(k2); var va = Vector512.Create(a);
            for (; i + 16 <= n; i += 16)
            {
                var v = Vector512.Load(x + i);
                var e = Exp(vk * (v + va * v * v * v));
                (v / (Vector512<float>.One + e)).Store(y + i);
            }
        }
        for (; i < n; i++)
        {
            float v = x[i];
            y[i] = v / (1f + Exp(k2 * (v + a * v * v * v)));
        }
    }

    /// <summary>dx = dy · GELU'(x) with s = σ(2u): GELU' = s + 2x·s(1−s)·√(2/π)(1 + 3·0.044715x²).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void GeluBackward(float* x, float* dy, float* dx, long n)
    {
        const float k = 0.7978845608028654f, a = 0.044715f;
        long i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vk = Vector512.Create(k); var va = Vector512.Create(a); var one = Vector512<float>.One;
            for (; i + 16 <= n; i += 16)
            {
                var v = Vector512.Load(x + i);
                var s = one / (one + Exp(Vector512.Create(-2f) * vk * (v + va * v * v * v)));
                var g = s + Vector512.Create(2f) * v * s * (one - s) * vk * (one + Vector512.Create(3f) * va * v * v);
                (g * Vector512.Load(dy + i)).Store(dx + i);
            }
        }
        for (; i < n; i++)
        {
            float v = x[i];
            float s = 1f / (1f + Exp(-2f * k * (v + a * v * v * v)));
            float g = s + 2f * v * s * (1f - s) * k * (1f + 3f * a * v * v);
            dx[i] = g * dy[i];
        }
    }
}
