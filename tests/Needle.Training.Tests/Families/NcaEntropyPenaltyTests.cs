using Needle.Training.Models.Families;

namespace Needle.Training.Tests.Families;

/// <summary>The NCA soft-histogram entropy penalty against a double-precision reference written independently.</summary>
public sealed class NcaEntropyPenaltyTests
{
    private static double Reference(double[] x)
    {
        var q = new double[9];
        foreach (double xi in x)
        {
            double s = Math.Tanh(xi);
            var l = Enumerable.Range(0, 9).Select(k => { double d = s - (-1 + k * 0.25); return -d * d / (2 * 0.125 * 0.125); }).ToArray();
            double m = l.Max(), z = l.Sum(v => Math.Exp(v - m));
            for (int k = 0; k < 9; k++) q[k] += Math.Exp(l[k] - m) / z / x.Length;
        }
        double h = -q.Where(v => v > 0).Sum(v => v * Math.Log(v));
        return Math.Max(0, 1.5 - h) + Math.Max(0, h - 2.8);
    }

    [Fact]
    public void Low_entropy_activations_get_the_finite_difference_gradient()
    {
        // Concentrated activations: entropy below the band, so the penalty is active.
        var x = GradCheck.Random(40, 3, 0.3).Select(v => v + 0.4).ToArray();
        var nca = new NcaEntropyPenalty();
        double penalty = nca.Forward(GradCheck.F(x));
        nca.Entropy.Should().BeLessThan(NcaEntropyPenalty.Low);
        penalty.Should().BeApproximately(Reference(x), 1e-5);
        var grad = new float[x.Length];
        nca.Backward(GradCheck.F(x), grad, 1f);
        GradCheck.Check("nca", x, Reference, grad, tol: 5e-3);
    }

    [Fact]
    public void Inside_the_band_the_penalty_and_its_gradient_are_zero()
    {
        var x = GradCheck.Random(900, 4, 1.5);
        var nca = new NcaEntropyPenalty();
        nca.Forward(GradCheck.F(x)).Should().Be(0);
        nca.Entropy.Should().BeInRange(NcaEntropyPenalty.Low, NcaEntropyPenalty.High);
        var grad = new float[x.Length];
        nca.Backward(GradCheck.F(x), grad, 0.25f);
        grad.Should().OnlyContain(g => g == 0f);
    }

    [Fact]
    public void Entropy_of_spread_activations_stays_at_most_ln_9_so_the_upper_bound_cannot_bind()
    {
        var nca = new NcaEntropyPenalty();
        nca.Forward(GradCheck.F(GradCheck.Random(5000, 5, 3)));
        nca.Entropy.Should().BeGreaterThan(1.5).And.BeLessThanOrEqualTo(Math.Log(9) + 1e-9);
    }
}
