using Needle.Training.Kernels;
using Needle.Training.Layers;
using Needle.Training.Models;

namespace Needle.Training.Tests.Models;

public sealed class AttnModelTests
{
    internal static ModelConfig Tiny(PositionKind positions = PositionKind.Learned, NormKind norm = NormKind.LayerNorm,
        ActivationKind act = ActivationKind.Gelu, bool tied = true) =>
        new() { DModel = 16, Layers = 2, Heads = 2, Ctx = 8, Norm = norm, TiedReadout = tied, Attn = new() { Positions = positions, Activation = act } };

    internal static (int[] X, int[] Y) Batch(int batch, int ctx, int seed)
    {
        var r = new Random(seed);
        var x = Enumerable.Range(0, batch * ctx).Select(_ => r.Next(40, 120)).ToArray();
        var y = Enumerable.Range(0, batch * ctx).Select(_ => r.Next(40, 120)).ToArray();
        return (x, y);
    }

    public static TheoryData<PositionKind, NormKind, ActivationKind, bool> Variants => new()
    {
        { PositionKind.Learned, NormKind.LayerNorm, ActivationKind.Gelu, true },
        { PositionKind.Rope, NormKind.RmsNorm, ActivationKind.ReluSquared, false },
        { PositionKind.LearnedAndRope, NormKind.LayerNorm, ActivationKind.Gelu, false },
        { PositionKind.Learned, NormKind.RmsNorm, ActivationKind.Gelu, true },
        { PositionKind.Learned, NormKind.LayerNorm, ActivationKind.ReluSquared, true },
    };

    /// <summary>
    /// Whole-model check: the analytic gradient's directional derivative along random directions matches central
    /// differences of the loss (float model, so the tolerance is looser than the per-op double checks).
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void Gradient_matches_directional_finite_differences(PositionKind pos, NormKind norm, ActivationKind act, bool tied)
    {
        using var pool = new WorkerPool(2);
        using var model = new AttnModel(Tiny(pos, norm, act, tied), 2, 7, pool);
        var (x, y) = Batch(2, 8, 3);
        model.ZeroGradients();
        model.Forward(x, y, 2);
        model.Backward();
        GradCheck.Directional($"{pos}/{norm}/{act}/tied={tied}", model, () => model.Forward(x, y, 2));
        foreach (var t in model.Tensors)
            model.GradientOf(t).ToArray().Should().Contain(v => v != 0f, $"{t.Name} receives a gradient");
    }

    /// <summary>With dropout on, a fixed training step fixes the masks, so the model is a deterministic function
    /// whose gradient must pass the same directional check; without a step (evaluation) nothing is dropped.</summary>
    [Fact]
    public void Dropout_gradient_matches_directional_finite_differences_and_evaluation_is_noise_free()
    {
        using var pool = new WorkerPool(2);
        using var plain = new AttnModel(Tiny(), 2, 7, pool);
        using var model = new AttnModel(Tiny() with { Dropout = 0.3f }, 2, 7, pool);
        var (x, y) = Batch(2, 8, 3);
        model.Forward(x, y, 2).Should().Be(plain.Forward(x, y, 2), "evaluation (no training step) drops nothing");

        model.TrainingStep = 3;
        float dropped = model.Forward(x, y, 2);
        dropped.Should().NotBe(plain.Forward(x, y, 2), "a training forward drops activations");
        model.ZeroGradients();
        model.Forward(x, y, 2).Should().Be(dropped, "the same step redraws the same masks");
        model.Backward();
        GradCheck.Directional("dropout", model, () => model.Forward(x, y, 2), seed: 10);
    }

    [Fact]
    public void Forward_and_backward_are_bit_identical_for_one_and_two_threads()
    {
        (float Loss, float[] Grad) Run(int threads)
        {
            using var pool = new WorkerPool(threads);
            using var model = new AttnModel(new ModelConfig { DModel = 64, Layers = 2, Heads = 4, Ctx = 32 }, 3, 11, pool);
            var (x, y) = Batch(3, 32, 4);
            model.ZeroGradients();
            float loss = model.Forward(x, y, 3);
            model.Backward();
            return (loss, model.Gradients.ToArray());
        }
        var one = Run(1);
        var two = Run(2);
        one.Loss.Should().Be(two.Loss);
        one.Grad.Should().Equal(two.Grad);
    }

    [Fact]
    public void Groups_partition_the_parameters_and_count_matches_the_formula()
    {
        using var pool = new WorkerPool(1);
        using var model = new AttnModel(new ModelConfig { Attn = new() { Positions = PositionKind.Learned } }, 1, 1, pool);
        long d = 128, l = 4, v = 256, t = 64;
        long expected = v * d + t * d + l * (12 * d * d + 13 * d) + 2 * d;
        model.ParameterCount.Should().Be(expected);
        model.Tensors.Sum(x => x.Size).Should().Be(model.ParameterCount);
        model.Tensors.Where(x => x.Group == ParameterGroup.Embedding).Select(x => x.Name).Should().BeEquivalentTo(["wte", "wpe"]);
    }

    private sealed class Recorder : IActivationObserver
    {
        public readonly List<(int Layer, string Site, double Rms)> Seen = [];
        public void Observe(int layer, string site, ReadOnlySpan<float> a)
        {
            double s = 0;
            foreach (var v in a) s += v * v;
            Seen.Add((layer, site, Math.Sqrt(s / a.Length)));
        }
    }

    private sealed class ZeroMatrices : IWeightTransform
    {
        public bool Applies(ParameterTensor t) => t.Name.Contains("mlp.fc.w", StringComparison.Ordinal);
        public void Transform(ParameterTensor t, Span<float> w) => w.Clear();
    }

    [Fact]
    public void Observer_sees_every_layer_and_weight_transform_changes_the_forward_only()
    {
        using var pool = new WorkerPool(2);
        using var model = new AttnModel(Tiny(), 2, 7, pool);
        var rec = new Recorder();
        model.Observer = rec;
        var (x, y) = Batch(2, 8, 3);
        float plain = model.Forward(x, y, 2);
        rec.Seen.Select(s => (s.Layer, s.Site)).Should().Contain([(0, "residual"), (1, "residual"), (0, "attn_y"), (-1, "embed"), (2, "logits")]);
        rec.Seen.Should().OnlyContain(s => s.Rms > 0 && double.IsFinite(s.Rms));
        var before = model.Parameters.ToArray();
        model.WeightTransform = new ZeroMatrices();
        float transformed = model.Forward(x, y, 2);
        transformed.Should().NotBe(plain, "the hook is applied in the forward pass");
        model.Parameters.ToArray().Should().Equal(before, "the master weights are untouched");
        model.WeightTransform = null;
        model.Forward(x, y, 2).Should().Be(plain);
    }

    [Fact]
    public void Unknown_names_and_bad_shapes_are_errors()
    {
        var bad = () => new ModelConfig { Model = "lstm" }.Validate();
        bad.Should().Throw<ArgumentException>().WithMessage("*unknown model 'lstm'*");
        var heads = () => new ModelConfig { DModel = 100, Heads = 3 }.Validate();
        heads.Should().Throw<ArgumentException>().WithMessage("Heads*");
        var norm = () => ModelConfig.ParseNorm("batchnorm");
        norm.Should().Throw<ArgumentException>().WithMessage("*batchnorm*");
    }
}
