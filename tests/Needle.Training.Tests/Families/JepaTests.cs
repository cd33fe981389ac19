using Needle.Training.Kernels;
using Needle.Training.Models;
using Needle.Training.Models.Families;
using Needle.Training.Run;

namespace Needle.Training.Tests.Families;

/// <summary>JEPA-T: the latent-prediction head against a double reference, and the EMA target encoder's ramp.</summary>
public sealed unsafe class JepaTests
{
    private const int Batch = 2, Ctx = 6, D = 4, M = 2;
    private static readonly int[] Starts = [1, 3];

    /// <summary>x = hidden (B·T·d) | offsets (m·d) | W (d·d) | bias (d); z fixed.</summary>
    private static double Reference(double[] x, double[] z)
    {
        int hid = Batch * Ctx * D, off = hid, w = off + M * D, bias = w + D * D;
        double loss = 0;
        for (int b = 0; b < Batch; b++)
            for (int j = 0; j < M; j++)
                for (int o = 0; o < D; o++)
                {
                    double p = x[bias + o];
                    for (int i = 0; i < D; i++) p += x[w + o * D + i] * (x[(b * Ctx + Starts[b] - 1) * D + i] + x[off + j * D + i]);
                    double diff = p - z[(b * Ctx + Starts[b] + j) * D + o];
                    loss += diff * diff / (Batch * M * D);
                }
        return 0.7 * loss;
    }

    [Fact]
    public void Head_loss_and_gradients_match_the_double_reference()
    {
        int hid = Batch * Ctx * D;
        var x = GradCheck.Random(hid + M * D + D * D + D, 1);
        var z = GradCheck.Random(hid, 2);
        var xf = GradCheck.F(x);
        var zf = GradCheck.F(z);
        var grad = new float[x.Length];
        var dPred = new float[Batch * M * D];
        double loss;
        fixed (float* p = xf, zt = zf, g = grad)
        {
            float* off = p + hid, w = off + M * D, bias = w + D * D;
            loss = JepaHead.Forward(p, zt, Starts, Batch, Ctx, D, M, off, w, bias, 0.7f, dPred);
            JepaHead.Backward(p, Starts, Batch, Ctx, D, M, off, w, dPred, g, g + hid, g + hid + M * D, g + hid + M * D + D * D);
        }
        loss.Should().BeApproximately(Reference(x, z), 1e-5);
        GradCheck.Check("jepa head", x, v => Reference(v, z), grad);
        // Only the last visible position of each sequence feeds the predictor.
        for (int n = 0; n < Batch * Ctx; n++)
        {
            bool context = n == Starts[0] - 1 || n == Ctx + Starts[1] - 1;
            grad.AsSpan(n * D, D).ToArray().Any(v => v != 0).Should().Be(context, $"row {n}");
        }
    }

    [Fact]
    public void Target_encoder_follows_the_online_weights_with_the_ramped_decay()
    {
        var config = new ModelConfig { Model = FamilyNames.JepaT, DModel = 16, Layers = 1, Heads = 2, HiddenWidth = 32, Ctx = 8, Jepa = new() { RampSteps = 4, EmaStart = 0.5f, EmaEnd = 1f } };
        using var pool = new WorkerPool(1);
        using var model = (JepaTModel)ModelFactory.CreateModel(config, 2, 3, pool);
        model.SpanLength.Should().Be(2, "round(0.3 · 8)");
        int backbone = model.TargetParameters.Length;
        model.TargetParameters.ToArray().Should().Equal(model.Parameters[..backbone].ToArray());
        model.ZeroGradients(); // step 0: decay 0.5, target == online, so unchanged
        model.EmaDecay.Should().Be(0.5f);
        var before = model.TargetParameters.ToArray();
        model.Parameters[..backbone].Fill(1f);
        model.ZeroGradients(); // step 1: decay 0.625
        model.EmaDecay.Should().Be(0.625f);
        for (int i = 0; i < backbone; i += 97)
            model.TargetParameters[i].Should().BeApproximately(0.625f * before[i] + 0.375f, 1e-6f);
        for (int s = 0; s < 5; s++) model.ZeroGradients();
        model.EmaDecay.Should().Be(1f, "the ramp ends at the end decay");
    }
}
