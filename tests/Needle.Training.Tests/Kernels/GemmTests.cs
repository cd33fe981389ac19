using Needle.Training.Kernels;

namespace Needle.Training.Tests.Kernels;

public sealed unsafe class GemmTests
{
    public static TheoryData<int, int, int, bool, bool, bool, bool> Shapes => new()
    {
        { 1, 1, 1, false, false, false, false },
        { 7, 5, 3, false, true, true, false },
        { 9, 33, 17, true, false, false, true },
        { 16, 64, 300, true, true, true, true },
        { 37, 70, 260, false, false, true, true },
        { 64, 96, 128, false, true, true, false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_a_double_reference_for_every_transpose_and_edge(int m, int n, int k, bool ta, bool tb, bool bias, bool accumulate)
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] bb = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] c = Enumerable.Range(0, m * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = (accumulate ? c[i * n + j] : 0) + (bias ? bb[j] : 0);
                for (int p = 0; p < k; p++) s += (double)(ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                expected[i * n + j] = s;
            }
        using var pool = new WorkerPool(2);
        using var gemm = new Gemm(pool);
        fixed (float* pa = a, pb = b, pc = c, pbias = bb)
        {
            var av = ta ? MatrixView.Transposed(pa, m) : MatrixView.RowMajor(pa, k);
            var bv = tb ? MatrixView.Transposed(pb, k) : MatrixView.RowMajor(pb, n);
            gemm.Multiply(m, n, k, av, bv, pc, n, bias ? pbias : null, accumulate);
        }
        for (int i = 0; i < m * n; i++) c[i].Should().BeApproximately((float)expected[i], 1e-4f + 1e-5f * k, $"C[{i / n},{i % n}]");
    }

    /// <summary>Both ways of sharing the work — by column panels (8 panels) and by rows (5 panels: uneven) — at 2 and 3 threads.</summary>
    [Theory]
    [InlineData(100, 130, 600, 2)]
    [InlineData(100, 130, 600, 3)]
    [InlineData(70, 256, 300, 2)]
    [InlineData(70, 256, 300, 3)]
    [InlineData(200, 20, 90, 2)]
    public void Result_is_bit_identical_for_one_and_more_threads(int m, int n, int k, int threads)
    {
        var rng = new Random(5);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] Run(int t)
        {
            var c = new float[m * n];
            using var pool = new WorkerPool(t);
            using var gemm = new Gemm(pool);
            fixed (float* pa = a, pb = b, pc = c) gemm.Multiply(m, n, k, MatrixView.RowMajor(pa, k), MatrixView.RowMajor(pb, n), pc, n, null, false);
            return c;
        }
        Run(1).Should().Equal(Run(threads));
    }
}
