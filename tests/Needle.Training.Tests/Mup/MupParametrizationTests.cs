using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Mup;
using Needle.Training.Run;
using Needle.Training.Tests.Models;

namespace Needle.Training.Tests.Mup;

/// <summary>muP's rules as the engine applies them, and SP left exactly as it was.</summary>
public sealed class MupParametrizationTests
{
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load(RepoPaths.Corpus));

    private static ModelConfig Small(ModelFamily family, int width) =>
        (ModelConfig.Defaults with { Model = family.Name, DModel = width, Ctx = 8 }) is var c && family.ReadsOption(ModelOptions.Layers)
            ? c with { Layers = 2, Heads = 2 } : c;

    [Fact]
    public void An_sp_config_serialises_without_the_new_keys_so_every_earlier_config_hash_is_unchanged()
    {
        var sp = TrainConfig.Defaults;
        sp.ToJson().Should().NotContain("parametrization").And.NotContain("mup_base_width");
        var mup = sp with { Model = sp.Model with { Parametrization = Parametrization.Mup, MupBaseWidth = 64 } };
        mup.ToJson().Should().Contain("\"parametrization\":\"mup\"").And.Contain("\"mup_base_width\":64");
        mup.Hash().Should().NotBe(sp.Hash());
        TrainConfig.FromJson(mup.ToJson()).Should().Be(mup);
    }

    [Fact]
    public void Mup_at_its_base_width_trains_bit_identically_to_sp_started_from_the_same_zero_query()
    {
        var sp = new TrainConfig { Model = new ModelConfig { DModel = 32, Layers = 2, Heads = 2, Ctx = 16 }, Batch = 2, Steps = 4, EvalEvery = 0, Threads = 1 };
        var mup = sp with { Model = sp.Model with { Parametrization = Parametrization.Mup, MupBaseWidth = 32 } };
        var other = sp with { Model = sp.Model with { Parametrization = Parametrization.Mup, MupBaseWidth = 64 } };
        float[] Losses(TrainConfig c, bool zeroQuery)
        {
            using var t = new Trainer(c, Corpus.Value);
            if (zeroQuery) ZeroQueryRows(t.Model);
            for (int i = 0; i < 4; i++) t.Step();
            return t.Losses;
        }
        var reference = Losses(sp, zeroQuery: true);
        Losses(mup, zeroQuery: false).Should().Equal(reference, "at m = 1 every muP factor is exactly 1; the only difference from SP is the zero query (tied readout: no zero readout)");
        Losses(sp, zeroQuery: false).Should().NotEqual(reference, "SP's random query is a different start");
        Losses(other, zeroQuery: false).Should().NotEqual(reference, "at m = 1/2 the factors act");
    }

    [Fact]
    public void Under_mup_the_query_rows_start_at_zero_and_learn_while_keys_and_values_stay_random()
    {
        var sp = new TrainConfig { Model = new ModelConfig { DModel = 32, Layers = 2, Heads = 2, Ctx = 16 }, Batch = 2, Steps = 3, EvalEvery = 0, Threads = 1 };
        var mup = sp with { Model = sp.Model with { Parametrization = Parametrization.Mup, MupBaseWidth = 16 } };
        using var t = new Trainer(mup, Corpus.Value);
        var qkv = t.Model.Tensors.Where(x => x.Name.EndsWith("attn.qkv.w", StringComparison.Ordinal)).ToList();
        qkv.Should().HaveCount(2);
        int queryCount = 32 * 32;
        foreach (var x in qkv)
        {
            var w = ((ModelBase)t.Model).ParameterOf(x);
            w[..queryCount].ToArray().Should().OnlyContain(v => v == 0f, "muP zero-initialises the query");
            w[queryCount..].ToArray().Count(v => v != 0f).Should().Be(2 * queryCount, "keys and values start random");
        }
        for (int i = 0; i < 3; i++) t.Step();
        foreach (var x in qkv)
            ((ModelBase)t.Model).ParameterOf(x)[..queryCount].ToArray().Count(v => v != 0f).Should().BeGreaterThan(queryCount / 2, "the query learns after the first steps");
        using var spTrainer = new Trainer(sp, Corpus.Value);
        spTrainer.Model.Tensors.Should().OnlyContain(x => x.ZeroLeadingRows == 0, "SP has no zero-initialised rows");
    }

    /// <summary>Sets the query third of every fused qkv matrix to zero (what muP's init does).</summary>
    private static void ZeroQueryRows(ILanguageModel model)
    {
        foreach (var x in model.Tensors.Where(x => x.Name.EndsWith("attn.qkv.w", StringComparison.Ordinal)))
            model.Parameters.Slice((int)x.Offset, x.Shape[0] / 3 * x.FanIn).Clear();
    }

    [Theory]
    [InlineData("attn")]
    [InlineData("TRAIN_V2")]
    [InlineData("HYBRID")]
    [InlineData("JEPA-T")]
    public void Hidden_matrices_get_lr_over_m_and_every_vector_like_tensor_keeps_its_lr(string familyName)
    {
        var family = ModelFamilies.Get(familyName);
        using var pool = new WorkerPool(1);
        var config = Small(family, 64) with { Parametrization = Parametrization.Mup, MupBaseWidth = 16 };
        using var model = ModelFactory.CreateModel(config, 2, 1, pool);
        using var sp = ModelFactory.CreateModel(config with { Parametrization = Parametrization.Sp, MupBaseWidth = 0 }, 2, 1, pool);
        sp.Tensors.Should().OnlyContain(t => t.LrScale == 1f);
        var hidden = model.Tensors.Where(t => t.LrScale != 1f).ToList();
        hidden.Should().NotBeEmpty();
        hidden.Should().OnlyContain(t => t.LrScale == 0.25f && t.Group == ParameterGroup.Hidden && t.Shape.Length == 2);
        model.Tensors.Where(t => t.Shape.Length == 1 || t.Group != ParameterGroup.Hidden || t.Name == "jepa.pred.offset")
            .Should().OnlyContain(t => t.LrScale == 1f, "biases, norms, the mix, offsets, embeddings and the readout keep width-free lr");
    }

    [Fact]
    public void An_untied_readout_starts_at_zero_under_mup_only()
    {
        using var pool = new WorkerPool(1);
        var untied = Small(ModelFamilies.Attn, 32) with { TiedReadout = false };
        using var sp = ModelFactory.CreateModel(untied, 2, 1, pool);
        using var mup = ModelFactory.CreateModel(untied with { Parametrization = Parametrization.Mup }, 2, 1, pool);
        var readout = mup.Tensors.Single(t => t.Group == ParameterGroup.Readout);
        ((ModelBase)mup).ParameterOf(readout).ToArray().Should().OnlyContain(v => v == 0f);
        ((ModelBase)sp).ParameterOf(sp.Tensors.Single(t => t.Group == ParameterGroup.Readout)).ToArray().Should().Contain(v => v != 0f);
    }

    /// <summary>The backward sees the readout multiplier and the 1/d_head gain: the analytic gradient's directional
    /// derivative equals the loss's central difference along it (a forgotten factor would be off by m or √m).</summary>
    [Theory]
    [InlineData("attn")]
    [InlineData("HYBRID")]
    [InlineData("TRAIN_V2")]
    public void Mup_gradients_match_finite_differences(string familyName)
    {
        using var pool = new WorkerPool(1);
        var config = Small(ModelFamilies.Get(familyName), 16) with { Parametrization = Parametrization.Mup, MupBaseWidth = 64 };
        using var model = ModelFactory.CreateModel(config, 2, 3, pool);
        var (x, y) = AttnModelTests.Batch(2, config.Ctx, 5);
        // Move off the initialisation so every factor's path carries gradient.
        var rng = new Random(9);
        var p = model.Parameters;
        for (int i = 0; i < p.Length; i++) p[i] += (float)((rng.NextDouble() - 0.5) * 0.2);
        model.ZeroGradients();
        model.Forward(x, y, 2);
        model.Backward();
        var g = model.Gradients.ToArray();
        double norm = Math.Sqrt(g.Sum(v => (double)v * v));
        var start = model.Parameters.ToArray();
        double Loss(double eps)
        {
            var q = model.Parameters;
            for (int i = 0; i < q.Length; i++) q[i] = start[i] + (float)(eps * g[i] / norm);
            return model.Forward(x, y, 2);
        }
        const double h = 1e-2;
        double numeric = (Loss(h) - Loss(-h)) / (2 * h);
        numeric.Should().BeApproximately(norm, 0.03 * norm);
    }

    [Fact]
    public void Settings_muP_does_not_read_are_refused()
    {
        var baseOnly = () => (ModelConfig.Defaults with { MupBaseWidth = 32 }).Validate();
        baseOnly.Should().Throw<ArgumentException>().WithMessage("MupBaseWidth*Parametrization*");
        var sgd = () => (TrainConfig.Defaults with { Optimizer = "sgd", Model = ModelConfig.Defaults with { Parametrization = Parametrization.Mup } }).Validate();
        sgd.Should().Throw<ArgumentException>().WithMessage("parametrization*Adam*");
        var unknown = () => MupScaling.Parse("ntk");
        unknown.Should().Throw<ArgumentException>().WithMessage("*ntk*sp, mup*");
    }

    [Fact]
    public void A_proxy_lr_transfers_unchanged_to_the_target_width_under_mup_only()
    {
        var proxy = ModelConfig.Defaults with { DModel = 32, Parametrization = Parametrization.Mup, HiddenWidth = 96 };
        var (target, lr) = MupTransfer.ToWidth(proxy, 0.004f, 256);
        lr.Should().Be(0.004f);
        target.DModel.Should().Be(256);
        target.HiddenWidth.Should().Be(768);
        MupScaling.BaseWidth(target).Should().Be(MupScaling.BaseWidth(proxy));
        var sp = () => MupTransfer.ToWidth(proxy with { Parametrization = Parametrization.Sp }, 0.004f, 256);
        sp.Should().Throw<ArgumentException>().WithMessage("parametrization*muP*");
    }
}
