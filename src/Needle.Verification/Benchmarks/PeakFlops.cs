using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Needle.Training.Kernels;

namespace Needle.Training.Benchmarks;

/// <summary>
/// Measures the machine's fp32 FMA peak: every thread runs 12 independent FMA chains on registers (no memory
/// traffic), 512-bit where available. The figure the step and GEMM are compared against is this, not a datasheet.
/// </summary>
public sealed class PeakFlops : IRangeJob
{
    private const long Iterations = 20_000_000;
    private readonly double[] _sink = new double[64];

    /// <summary>Measured GFLOP/s over <paramref name="pool"/>'s threads (best of three).</summary>
    public static double Measure(WorkerPool pool) => MeasureWithCpu(pool).Wall;

    /// <summary>Best-of-three GFLOP/s per wall second, and per CPU second (meaningful when other processes share the cores).</summary>
    public static (double Wall, double PerCpu) MeasureWithCpu(WorkerPool pool)
    {
        var job = new PeakFlops();
        double best = 0, bestCpu = 0;
        for (int r = 0; r < 3; r++)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            pool.Run(job, pool.Threads);
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            double flops = (double)Iterations * 12 * VectorWidth * 2 * pool.Threads;
            best = Math.Max(best, flops / sw.Elapsed.TotalSeconds / 1e9);
            bestCpu = Math.Max(bestCpu, flops / Math.Max(1e-9, cpu) / 1e9 * pool.Threads);
        }
        return (best, bestCpu);
    }

    public static int VectorWidth => Avx512F.IsSupported ? 16 : Fma.IsSupported ? 8 : 1;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        for (int i = start; i < end; i++) _sink[i] = Avx512F.IsSupported ? Loop512() : Loop256();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Loop512()
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-3f);
        Vector512<float> c0 = m, c1 = m, c2 = m, c3 = m, c4 = m, c5 = m, c6 = m, c7 = m, c8 = m, c9 = m, c10 = m, c11 = m;
        for (long i = 0; i < Iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, m, a); c1 = Avx512F.FusedMultiplyAdd(c1, m, a); c2 = Avx512F.FusedMultiplyAdd(c2, m, a);
            c3 = Avx512F.FusedMultiplyAdd(c3, m, a); c4 = Avx512F.FusedMultiplyAdd(c4, m, a); c5 = Avx512F.FusedMultiplyAdd(c5, m, a);
            c6 = Avx512F.FusedMultiplyAdd(c6, m, a); c7 = Avx512F.FusedMultiplyAdd(c7, m, a); c8 = Avx512F.FusedMultiplyAdd(c8, m, a);
            c9 = Avx512F.FusedMultiplyAdd(c9, m, a); c10 = Avx512F.FusedMultiplyAdd(c10, m, a); c11 = Avx512F.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Loop256()
    {
        if (!Fma.IsSupported) return 0;
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-3f);
        Vector256<float> c0 = m, c1 = m, c2 = m, c3 = m, c4 = m, c5 = m, c6 = m, c7 = m, c8 = m, c9 = m, c10 = m, c11 = m;
        for (long i = 0; i < Iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a); c2 = Fma.MultiplyAdd(c2, m, a);
            c3 = Fma.MultiplyAdd(c3, m, a); c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a);
            c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a); c8 = Fma.MultiplyAdd(c8, m, a);
            c9 = Fma.MultiplyAdd(c9, m, a); c10 = Fma.MultiplyAdd(c10, m, a); c11 = Fma.MultiplyAdd(c11, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
