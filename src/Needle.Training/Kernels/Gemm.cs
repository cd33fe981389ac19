using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Needle.Training.Kernels;

/// <summary>
/// Single-precision GEMM, C[M×N] = (accumulate ? C : 0) + bias[n] + op(A)[M×K]·op(B)[K×N].
/// B is packed once per call into zero-padded 32-column panels (this is where transposition is absorbed);
/// A is read in place through its strides (a transposed A broadcasts from contiguous memory). An 8×32
/// register tile (16 AVX-512 accumulators) runs over K in blocks of <see cref="KBlock"/> so a B panel stays in L1.
/// One dispatch per call, one share per thread, and no barrier between packing and computing: when B has at least
/// many 32-column panels (or a multiple of the thread count), thread t owns a contiguous group of panels — it packs them and
/// computes every row for them; when B has few panels that do not split evenly (a narrow N), every thread packs all of B into its own buffer
/// (cheap: B is narrow) and takes a contiguous share of the rows of M. Every tile sums K in the same order whichever
/// thread computes it, so the result is bit-identical for any thread count. A product too small to be worth a
/// dispatch runs on the calling thread. Buffers grow once and are reused: a steady-state call allocates nothing.
/// </summary>
public sealed unsafe class Gemm : IDisposable
{
    public const int MR = 8;
    public const int NR = 32;
    public const int KBlock = 256;

    /// <summary>Below this many multiply-adds a product runs on the calling thread (a dispatch costs a few µs).</summary>
    private const long InlineFmas = 1 << 16;

    private readonly WorkerPool _pool;
    private readonly ShareJob _shares;
    private float* _packed;
    private long _packedCapacity;

    public Gemm(WorkerPool pool)
    {
        _pool = pool;
        _shares = new ShareJob(this);
    }

    /// <summary>Which micro-kernel runs here, for reports.</summary>
    public static string KernelName =>
        Avx512F.IsSupported ? "avx512-8x32" : Fma.IsSupported && Avx2.IsSupported ? "avx2-fma-4x16" : "scalar";

    // Call parameters (fields, so the reusable jobs can see them without allocating closures).
    private int _m, _n, _k, _ldc, _nPanels, _mPanels, _shareCount;
    private bool _byRows;
    private MatrixView _a, _b;
    private float* _c, _bias;
    private bool _accumulate;

    public void Multiply(int m, int n, int k, MatrixView a, MatrixView b, float* c, int ldc, float* bias, bool accumulate)
    {
        if (m <= 0 || n <= 0) return;
        if (k <= 0)
        {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    c[(long)i * ldc + j] = (accumulate ? c[(long)i * ldc + j] : 0f) + (bias != null ? bias[j] : 0f);
            return;
        }
        _m = m; _n = n; _k = k; _a = a; _b = b; _c = c; _ldc = ldc; _bias = bias; _accumulate = accumulate;
        _nPanels = (n + NR - 1) / NR;
        _mPanels = (m + MR - 1) / MR;
        _shareCount = (long)m * n * k < InlineFmas ? 1 : _pool.Threads;
        // Panels split unevenly among few threads (or fewer panels than threads): split the rows instead.
        _byRows = _nPanels % _shareCount != 0 && _nPanels < 4 * _shareCount;
        long panelsSize = (long)_nPanels * NR * k;
        long need = _byRows ? _shareCount * panelsSize : panelsSize;
        if (need > _packedCapacity)
        {
            if (_packed != null) NativeMemory.AlignedFree(_packed);
            _packed = (float*)NativeMemory.AlignedAlloc((nuint)(need * sizeof(float)), 64);
            _packedCapacity = need;
        }
        if (_shareCount == 1) ComputeShare(0);
        else _pool.Run(_shares, _shareCount);
    }

    /// <summary>Share <paramref name="t"/> of <see cref="_shareCount"/>: packs the B panels it reads, then computes its tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeShare(int t)
    {
        if (_byRows)
        {
            float* own = _packed + (long)t * _nPanels * NR * _k;
            PackPanels(own, 0, _nPanels);
            var (m0, m1) = WorkerPool.Slice(_mPanels, t, _shareCount);
            ComputeTiles(own, 0, _nPanels, m0, m1);
        }
        else
        {
            var (p0, p1) = WorkerPool.Slice(_nPanels, t, _shareCount);
            PackPanels(_packed, p0, p1);
            ComputeTiles(_packed, p0, p1, 0, _mPanels);
        }
    }

    /// <summary>Packs B panel p (columns p·32 … p·32+31, zero-padded) as K rows of 32 contiguous floats.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void PackPanels(float* packed, int start, int end)
    {
        for (int p = start; p < end; p++)
        {
            float* dst = packed + (long)p * NR * _k;
            int n0 = p * NR;
            int cols = Math.Min(NR, _n - n0);
            var b = _b;
            if (b.ColStride == 1 && cols == NR)
            {
                for (int kk = 0; kk < _k; kk++)
                    Unsafe.CopyBlockUnaligned(dst + kk * NR, b.Data + (long)kk * b.RowStride + n0, NR * sizeof(float));
            }
            else if (b.RowStride == 1)
            {
                // Transposed B (a row-major weight W[n][k]): read along k, which is contiguous.
                if (cols < NR) new Span<float>(dst, NR * _k).Clear();
                for (int j = 0; j < cols; j++)
                {
                    float* src = b.Data + (long)(n0 + j) * b.ColStride;
                    for (int kk = 0; kk < _k; kk++) dst[kk * NR + j] = src[kk];
                }
            }
            else
            {
                for (int kk = 0; kk < _k; kk++)
                {
                    float* row = dst + kk * NR;
                    for (int j = 0; j < cols; j++) row[j] = b.Data[(long)kk * b.RowStride + (long)(n0 + j) * b.ColStride];
                    for (int j = cols; j < NR; j++) row[j] = 0f;
                }
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ComputeTiles(float* packed, int p0, int p1, int mp0, int mp1)
    {
        float* tile = stackalloc float[MR * NR];
        for (int k0 = 0; k0 < _k; k0 += KBlock)
        {
            int kc = Math.Min(KBlock, _k - k0);
            bool first = k0 == 0;
            for (int np = p0; np < p1; np++)
            for (int mp = mp0; mp < mp1; mp++)
            {
                int m0 = mp * MR, n0 = np * NR;
                int rows = Math.Min(MR, _m - m0), cols = Math.Min(NR, _n - n0);
                float* bp = packed + (long)np * NR * _k + (long)k0 * NR;
                float* ap = _a.Data + (long)m0 * _a.RowStride + (long)k0 * _a.ColStride;
                float* cp = _c + (long)m0 * _ldc + n0;
                if (rows == MR && cols == NR)
                {
                    bool load = !first || _accumulate;
                    Kernel(ap, _a.RowStride, _a.ColStride, MR, bp, kc, cp, _ldc, load, first && _bias != null ? _bias + n0 : null);
                }
                else
                {
                    for (int i = 0; i < MR; i++)
                        for (int j = 0; j < NR; j++)
                        {
                            float v = 0f;
                            if (i < rows && j < cols)
                            {
                                if (!first || _accumulate) v = cp[(long)i * _ldc + j];
                                if (first && _bias != null) v += _bias[n0 + j];
                            }
                            tile[i * NR + j] = v;
                        }
                    Kernel(ap, _a.RowStride, _a.ColStride, rows, bp, kc, tile, NR, true, null);
                    for (int i = 0; i < rows; i++)
                        for (int j = 0; j < cols; j++) cp[(long)i * _ldc + j] = tile[i * NR + j];
                }
            }
        }
    }

    /// <summary>The 8×32 tile: C (loaded, or zero/bias) += A[8×kc]·Bpanel[kc×32]. Rows ≥ <paramref name="rows"/> repeat the last row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Kernel(float* a, int ars, int acs, int rows, float* bp, int kc, float* c, int ldc, bool loadC, float* bias)
    {
        if (Avx512F.IsSupported) Kernel512(a, ars, acs, rows, bp, kc, c, ldc, loadC, bias);
        else if (Fma.IsSupported && Avx2.IsSupported) Kernel256(a, ars, acs, rows, bp, kc, c, ldc, loadC, bias);
        else KernelScalar(a, ars, acs, rows, bp, kc, c, ldc, loadC, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(float* a, int ars, int acs, int rows, float* bp, int kc, float* c, int ldc, bool loadC, float* bias)
    {
        long r1 = (long)Math.Min(1, rows - 1) * ars, r2 = (long)Math.Min(2, rows - 1) * ars, r3 = (long)Math.Min(3, rows - 1) * ars;
        long r4 = (long)Math.Min(4, rows - 1) * ars, r5 = (long)Math.Min(5, rows - 1) * ars, r6 = (long)Math.Min(6, rows - 1) * ars;
        long r7 = (long)Math.Min(7, rows - 1) * ars;
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (loadC)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + ldc); c11 = Vector512.Load(c + ldc + 16);
            c20 = Vector512.Load(c + 2 * ldc); c21 = Vector512.Load(c + 2 * ldc + 16);
            c30 = Vector512.Load(c + 3 * ldc); c31 = Vector512.Load(c + 3 * ldc + 16);
            c40 = Vector512.Load(c + 4 * ldc); c41 = Vector512.Load(c + 4 * ldc + 16);
            c50 = Vector512.Load(c + 5 * ldc); c51 = Vector512.Load(c + 5 * ldc + 16);
            c60 = Vector512.Load(c + 6 * ldc); c61 = Vector512.Load(c + 6 * ldc + 16);
            c70 = Vector512.Load(c + 7 * ldc); c71 = Vector512.Load(c + 7 * ldc + 16);
            if (bias != null)
            {
                var bb0 = Vector512.Load(bias); var bb1 = Vector512.Load(bias + 16);
                c00 += bb0; c10 += bb0; c20 += bb0; c30 += bb0; c40 += bb0; c50 += bb0; c60 += bb0; c70 += bb0;
                c01 += bb1; c11 += bb1; c21 += bb1; c31 += bb1; c41 += bb1; c51 += bb1; c61 += bb1; c71 += bb1;
            }
        }
        else if (bias != null)
        {
            c00 = c10 = c20 = c30 = c40 = c50 = c60 = c70 = Vector512.Load(bias);
            c01 = c11 = c21 = c31 = c41 = c51 = c61 = c71 = Vector512.Load(bias + 16);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        }
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + 16);
            bp += NR;
            var av = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[r1]);
            c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[r2]);
            c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[r3]);
            c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[r4]);
            c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[r5]);
            c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[r6]);
            c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[r7]);
            c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            a += acs;
        }
        c00.Store(c); c01.Store(c + 16);
        if (rows > 1) { c10.Store(c + ldc); c11.Store(c + ldc + 16); }
        if (rows > 2) { c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16); }
        if (rows > 3) { c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16); }
        if (rows > 4) { c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16); }
        if (rows > 5) { c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16); }
        if (rows > 6) { c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16); }
        if (rows > 7) { c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16); }
    }

    /// <summary>AVX2 fallback: the 8×32 tile as eight 4×16 sub-tiles (8 accumulators fit the 16 ymm registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(float* a, int ars, int acs, int rows, float* bp, int kc, float* c, int ldc, bool loadC, float* bias)
    {
        for (int i0 = 0; i0 < MR; i0 += 4)
        {
            if (i0 >= rows) break;
            long o0 = (long)Math.Min(i0, rows - 1) * ars, o1 = (long)Math.Min(i0 + 1, rows - 1) * ars;
            long o2 = (long)Math.Min(i0 + 2, rows - 1) * ars, o3 = (long)Math.Min(i0 + 3, rows - 1) * ars;
            for (int j0 = 0; j0 < NR; j0 += 16)
            {
                float* cc = c + (long)i0 * ldc + j0;
                Vector256<float> x00, x01, x10, x11, x20, x21, x30, x31;
                if (loadC)
                {
                    x00 = Vector256.Load(cc); x01 = Vector256.Load(cc + 8);
                    x10 = Vector256.Load(cc + ldc); x11 = Vector256.Load(cc + ldc + 8);
                    x20 = Vector256.Load(cc + 2 * ldc); x21 = Vector256.Load(cc + 2 * ldc + 8);
                    x30 = Vector256.Load(cc + 3 * ldc); x31 = Vector256.Load(cc + 3 * ldc + 8);
                    if (bias != null)
                    {
                        var bb0 = Vector256.Load(bias + j0); var bb1 = Vector256.Load(bias + j0 + 8);
                        x00 += bb0; x10 += bb0; x20 += bb0; x30 += bb0; x01 += bb1; x11 += bb1; x21 += bb1; x31 += bb1;
                    }
                }
                else if (bias != null)
                {
                    x00 = x10 = x20 = x30 = Vector256.Load(bias + j0);
                    x01 = x11 = x21 = x31 = Vector256.Load(bias + j0 + 8);
                }
                else x00 = x01 = x10 = x11 = x20 = x21 = x30 = x31 = Vector256<float>.Zero;
                float* ak = a;
                float* bk = bp + j0;
                for (int k = 0; k < kc; k++)
                {
                    var b0 = Vector256.Load(bk); var b1 = Vector256.Load(bk + 8);
                    bk += NR;
                    var av = Vector256.Create(ak[o0]); x00 = Fma.MultiplyAdd(av, b0, x00); x01 = Fma.MultiplyAdd(av, b1, x01);
                    av = Vector256.Create(ak[o1]); x10 = Fma.MultiplyAdd(av, b0, x10); x11 = Fma.MultiplyAdd(av, b1, x11);
                    av = Vector256.Create(ak[o2]); x20 = Fma.MultiplyAdd(av, b0, x20); x21 = Fma.MultiplyAdd(av, b1, x21);
                    av = Vector256.Create(ak[o3]); x30 = Fma.MultiplyAdd(av, b0, x30); x31 = Fma.MultiplyAdd(av, b1, x31);
                    ak += acs;
                }
                x00.Store(cc); x01.Store(cc + 8);
                if (i0 + 1 < rows) { x10.Store(cc + ldc); x11.Store(cc + ldc + 8); }
                if (i0 + 2 < rows) { x20.Store(cc + 2 * ldc); x21.Store(cc + 2 * ldc + 8); }
                if (i0 + 3 < rows) { x30.Store(cc + 3 * ldc); x31.Store(cc + 3 * ldc + 8); }
            }
        }
    }

    private static void KernelScalar(float* a, int ars, int acs, int rows, float* bp, int kc, float* c, int ldc, bool loadC, float* bias)
    {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < NR; j++)
            {
                float s = (loadC ? c[(long)i * ldc + j] : 0f) + (bias != null ? bias[j] : 0f);
                for (int k = 0; k < kc; k++) s = MathF.FusedMultiplyAdd(a[(long)i * ars + (long)k * acs], bp[k * NR + j], s);
                c[(long)i * ldc + j] = s;
            }
    }

    public void Dispose()
    {
        if (_packed != null) NativeMemory.AlignedFree(_packed);
        _packed = null;
        _packedCapacity = 0;
    }

    private sealed class ShareJob(Gemm owner) : IRangeJob
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            for (int t = start; t < end; t++) owner.ComputeShare(t);
        }
    }
}
