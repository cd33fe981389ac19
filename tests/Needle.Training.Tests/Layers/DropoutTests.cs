using Needle.Training.Layers;

namespace Needle.Training.Tests.Layers;

public sealed unsafe class DropoutTests
{
    private static (float[] Y, float[] Mask) Forward(float[] x, int rows, int width, float rate, ulong seed, ulong stream, int split)
    {
        float[] y = new float[x.Length], mask = new float[x.Length];
        fixed (float* px = x, py = y, pm = mask)
        {
            var job = new DropoutForward { X = px, Y = py, Mask = pm, Width = width, Rate = rate, Seed = seed, Stream = stream };
            // Two slices, as two worker threads would run them: the mask must not depend on where the split falls.
            job.Execute(0, split);
            job.Execute(split, rows);
        }
        return (y, mask);
    }

    [Fact]
    public void Backward_matches_finite_differences_of_a_double_reference_with_the_same_mask()
    {
        const int rows = 4, width = 9;
        double[] x = GradCheck.Random(rows * width, 21, 2), r = GradCheck.Random(rows * width, 22);
        var (y, mask) = Forward(GradCheck.F(x), rows, width, 0.3f, seed: 7, stream: 3, split: 1);
        var dx = new float[x.Length];
        fixed (float* pr = GradCheck.F(r), pdx = dx, pm = mask)
            new DropoutBackward { DY = pr, DX = pdx, Mask = pm, Width = width }.Execute(0, rows);

        double Reference(double[] v) { double l = 0; for (int i = 0; i < v.Length; i++) l += r[i] * v[i] * mask[i]; return l; }
        for (int i = 0; i < x.Length; i++) ((double)y[i]).Should().BeApproximately(x[i] * mask[i], 1e-5);
        GradCheck.Check("dx", x, Reference, dx);
    }

    [Fact]
    public void The_mask_depends_on_seed_and_stream_but_not_on_the_thread_split()
    {
        const int rows = 64, width = 32;
        var x = Enumerable.Repeat(1f, rows * width).ToArray();
        var a = Forward(x, rows, width, 0.25f, 1, 5, split: 1).Mask;
        var b = Forward(x, rows, width, 0.25f, 1, 5, split: 40).Mask;
        var otherStep = Forward(x, rows, width, 0.25f, 1, 6, split: 1).Mask;
        var otherSeed = Forward(x, rows, width, 0.25f, 2, 5, split: 1).Mask;

        a.Should().Equal(b);
        a.Should().NotEqual(otherStep);
        a.Should().NotEqual(otherSeed);
    }

    [Fact]
    public void Inverted_scaling_keeps_the_expected_activation_and_drops_about_the_rate()
    {
        const int rows = 256, width = 256;
        var x = Enumerable.Repeat(1f, rows * width).ToArray();
        var (y, mask) = Forward(x, rows, width, 0.25f, 42, 0, split: 100);

        double dropped = mask.Count(m => m == 0f) / (double)mask.Length;
        dropped.Should().BeApproximately(0.25, 0.01, "65,536 Bernoulli(0.25) draws");
        y.Average().Should().BeApproximately(1f, 0.02f, "inverted dropout preserves the expectation");
        mask.Where(m => m != 0f).Should().OnlyContain(m => m == 1f / 0.75f);
    }
}
