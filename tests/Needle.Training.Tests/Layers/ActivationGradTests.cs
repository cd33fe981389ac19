using Needle.Training.Layers;

namespace Needle.Training.Tests.Layers;

public sealed unsafe class ActivationGradTests
{
    private static double Reference(ActivationKind kind, double[] x, double[] r)
    {
        double loss = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double y = kind == ActivationKind.Gelu
                ? 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))
                : Math.Pow(Math.Max(0, v), 2);
            loss += r[i] * y;
        }
        return loss;
    }

    [Theory]
    [InlineData(ActivationKind.Gelu)]
    [InlineData(ActivationKind.ReluSquared)]
    public void Backward_matches_finite_differences_of_a_double_reference(ActivationKind kind)
    {
        const int rows = 3, width = 7;
        double[] x = GradCheck.Random(rows * width, 11, 3), r = GradCheck.Random(rows * width, 12);
        float[] xf = GradCheck.F(x), rf = GradCheck.F(r), y = new float[x.Length], dx = new float[x.Length];
        fixed (float* px = xf, pr = rf, py = y, pdx = dx)
        {
            new ActivationForward { Kind = kind, X = px, Y = py, Width = width }.Execute(0, rows);
            new ActivationBackward { Kind = kind, X = px, DY = pr, DX = pdx, Width = width }.Execute(0, rows);
        }
        double forward = 0;
        for (int i = 0; i < x.Length; i++) forward += r[i] * y[i];
        forward.Should().BeApproximately(Reference(kind, x, r), 1e-4, "the float forward matches the double reference");
        GradCheck.Check("dx", x, v => Reference(kind, v, r), dx);
    }
}
