using Needle.Training.Kernels;
using Needle.Training.Models.Families;

namespace Needle.Training.Tests.Families;

/// <summary>The n-gram mix op against a double-precision reference: forward values and both gradients (dWte, dα).</summary>
public sealed unsafe class NgramMixGradTests
{
    private const int V = 5, C = 20, T = 6, Batch = 2, K = 3;
    private static readonly int[] Tokens = [0, 3, 3, 1, 4, 2, 2, 2, 0, 1, 4, 3];

    /// <summary>Loss = Σ r ⊙ mix(wte, α) in double; x = wte (V·C) then α (K).</summary>
    private static double Reference(double[] x, double[] r)
    {
        double loss = 0;
        for (int n = 0; n < Batch * T; n++)
        {
            int t = n % T;
            for (int i = 0; i < K && i <= t; i++)
                for (int c = 0; c < C; c++) loss += r[n * C + c] * x[V * C + i] * x[Tokens[n - i] * C + c];
        }
        return loss;
    }

    [Fact]
    public void Forward_matches_the_double_reference_and_gradients_match_finite_differences()
    {
        var x = GradCheck.Random(V * C + K, 1);
        var r = GradCheck.Random(Batch * T * C, 2);
        var xf = GradCheck.F(x);
        var rf = GradCheck.F(r);
        var outF = new float[Batch * T * C];
        var grad = new float[V * C + K];
        var partials = new float[NgramMixBackward.ItemsFor(C) * K];
        using var pool = new WorkerPool(2);
        fixed (int* tok = Tokens)
        fixed (float* p = xf, o = outF, d = rf, g = grad, part = partials)
        {
            pool.Run(new NgramMixForward { Tokens = tok, Wte = p, Alpha = p + V * C, Out = o, T = T, C = C, K = K }, Batch * T);
            var back = new NgramMixBackward
            {
                Tokens = tok, Wte = p, Alpha = p + V * C, DOut = d, DWte = g, DAlpha = g + V * C, AlphaPartials = part,
                N = Batch * T, T = T, C = C, K = K,
            };
            pool.Run(back, back.Items);
            back.ReduceAlpha();
        }
        double forward = 0;
        for (int i = 0; i < outF.Length; i++) forward += (double)outF[i] * rf[i];
        forward.Should().BeApproximately(Reference(x, r), 1e-3);
        GradCheck.Check("ngram mix", x, v => Reference(v, r), grad);
    }

    [Fact]
    public void The_first_position_of_a_window_sees_only_its_own_byte()
    {
        var wte = Enumerable.Range(0, V * C).Select(i => (float)i).ToArray();
        var alpha = new[] { 0.5f, 7f, 9f };
        var outF = new float[Batch * T * C];
        using var pool = new WorkerPool(1);
        fixed (int* tok = Tokens)
        fixed (float* w = wte, a = alpha, o = outF)
            pool.Run(new NgramMixForward { Tokens = tok, Wte = w, Alpha = a, Out = o, T = T, C = C, K = K }, Batch * T);
        // Row T starts the second sequence: only α₀·wte[token] (no leak from the first sequence).
        for (int c = 0; c < C; c++) outF[T * C + c].Should().Be(0.5f * wte[Tokens[T] * C + c]);
    }

    [Fact]
    public void Initial_mix_weights_are_the_upstream_geometric_series() =>
        Enumerable.Range(0, 4).Select(NgramMixForward.InitialWeight).Should()
            .Equal([0.7f, 0.315f, 0.14175f, 0.0637875f], (a, b) => Math.Abs(a - b) < 1e-6f);
}
