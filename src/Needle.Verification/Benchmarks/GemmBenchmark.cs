using System.Diagnostics;
using Needle.Training.Kernels;

namespace Needle.Training.Benchmarks;

/// <summary>
/// GFLOP/s of the engine's GEMM on the shapes one training step of the given model runs: the forward products
/// (in·Wᵀ), the input-gradient products (dOut·W) and the weight-gradient products (dOutᵀ·in).
/// </summary>
public static unsafe class GemmBenchmark
{
    public sealed record Result(double GFlops, double Seconds, double CpuSeconds, string Shapes);

    public static Result Measure(WorkerPool pool, int tokens, int dModel, int hidden, int repeats = 20)
    {
        // (m, n, k, transposeA, transposeB)
        var shapes = new (int M, int N, int K, bool TA, bool TB)[]
        {
            (tokens, 3 * dModel, dModel, false, true), (tokens, hidden, dModel, false, true), (tokens, dModel, hidden, false, true),
            (tokens, dModel, 3 * dModel, false, false), (tokens, hidden, dModel, false, false),
            (3 * dModel, dModel, tokens, true, false), (hidden, dModel, tokens, true, false), (dModel, hidden, tokens, true, false),
        };
        int maxDim = Math.Max(Math.Max(tokens, hidden), 3 * dModel);
        var a = new float[maxDim * (long)maxDim > 8_000_000 ? 8_000_000 : maxDim * maxDim];
        var b = new float[a.Length];
        var c = new float[a.Length];
        var rng = new Random(1);
        for (int i = 0; i < a.Length; i++) { a[i] = (float)rng.NextDouble(); b[i] = (float)rng.NextDouble(); }
        using var gemm = new Gemm(pool);
        double flops = 0;
        var sw = new Stopwatch();
        TimeSpan cpu0 = default;
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (int warm = 0; warm < 2; warm++)
            {
                if (warm == 1) { cpu0 = Process.GetCurrentProcess().TotalProcessorTime; sw.Start(); }
                for (int r = 0; r < (warm == 0 ? 2 : repeats); r++)
                    foreach (var s in shapes)
                    {
                        var av = s.TA ? MatrixView.Transposed(pa, s.M) : MatrixView.RowMajor(pa, s.K);
                        var bv = s.TB ? MatrixView.Transposed(pb, s.K) : MatrixView.RowMajor(pb, s.N);
                        gemm.Multiply(s.M, s.N, s.K, av, bv, pc, s.N, null, false);
                        if (warm == 1) flops += 2.0 * s.M * s.N * s.K;
                    }
            }
        }
        sw.Stop();
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        return new Result(flops / sw.Elapsed.TotalSeconds / 1e9, sw.Elapsed.TotalSeconds, cpu,
            string.Join(" ", shapes.Select(s => $"{s.M}x{s.N}x{s.K}{(s.TA ? "ᵀA" : "")}{(s.TB ? "ᵀB" : "")}")));
    }
}
