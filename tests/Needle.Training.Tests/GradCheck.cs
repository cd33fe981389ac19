namespace Needle.Training.Tests;

/// <summary>Central finite differences on a double-precision reference, compared with a float analytic gradient.</summary>
internal static class GradCheck
{
    /// <summary>
    /// Asserts every coordinate of <paramref name="analytic"/> matches d loss / d x by central differences of the
    /// double reference: |a − n| ≤ tol·(|n| + scale), scale = the largest numeric entry (a relative check that does not
    /// explode on near-zero entries).
    /// </summary>
    public static void Check(string what, double[] x, Func<double[], double> loss, ReadOnlySpan<float> analytic, double tol = 2e-3, double h = 1e-5)
    {
        analytic.Length.Should().Be(x.Length, what);
        var numeric = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double keep = x[i];
            x[i] = keep + h; double up = loss(x);
            x[i] = keep - h; double down = loss(x);
            x[i] = keep;
            numeric[i] = (up - down) / (2 * h);
        }
        double scale = numeric.Max(Math.Abs);
        scale.Should().BeGreaterThan(0, $"{what}: the gradient is identically zero, so the check would be vacuous");
        for (int i = 0; i < x.Length; i++)
        {
            double err = Math.Abs(analytic[i] - numeric[i]);
            err.Should().BeLessThanOrEqualTo(tol * (Math.Abs(numeric[i]) + scale),
                $"{what}[{i}]: analytic {analytic[i]} vs numeric {numeric[i]}");
        }
    }

    public static double[] Random(int n, int seed, double scale = 1.0)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (r.NextDouble() * 2 - 1) * scale).ToArray();
    }

    public static float[] F(double[] x) => x.Select(v => (float)v).ToArray();

    /// <summary>
    /// Whole-model check: after <paramref name="loss"/> and a backward pass have filled the gradient, its directional
    /// derivative along 3 seeded random directions must match central differences of <paramref name="loss"/> (a float
    /// model, so the tolerance is looser than the per-op double checks). Restores the parameters afterwards.
    /// </summary>
    public static void Directional(string what, Needle.Training.Models.ILanguageModel model, Func<double> loss, int seed = 9)
    {
        var grad = model.Gradients.ToArray();
        var p0 = model.Parameters.ToArray();
        var rng = new Random(seed);
        for (int trial = 0; trial < 3; trial++)
        {
            var u = p0.Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            double analytic = 0;
            for (int i = 0; i < u.Length; i++) analytic += (double)grad[i] * u[i];
            const float h = 2e-4f;
            double At(float s)
            {
                for (int i = 0; i < u.Length; i++) model.Parameters[i] = p0[i] + s * u[i];
                return loss();
            }
            double numeric = (At(h) - At(-h)) / (2 * h);
            Math.Abs(numeric - analytic).Should().BeLessThan(0.02 * Math.Abs(analytic) + 1e-3, $"{what} trial {trial}: numeric {numeric} analytic {analytic}");
        }
        p0.CopyTo(model.Parameters);
    }
}
