using Needle.Training.Kernels;
using Needle.Training.Layers;
using Needle.Training.Models;
using Needle.Training.Models.Families;
using Needle.Training.Models.Registry;
using Needle.Training.Run;

namespace Needle.Training.Tests.Models;

/// <summary>
/// Every setting is live, or refused: for every family and every architecture setting, a config that changes the
/// setting either computes something different (losses, auxiliary terms, gradients, over two steps so the JEPA-T
/// EMA ramp shows) or is refused with an error naming the setting and the family.
/// </summary>
public sealed class FamilyOptionTests
{
    /// <summary>A non-default value of each setting (applied to a tiny base config of the family).</summary>
    private static readonly Dictionary<string, Func<ModelConfig, ModelConfig>> Twists = new()
    {
        ["d-model"] = c => c with { DModel = 24 },
        ["ctx"] = c => c with { Ctx = 6 },
        ["vocab"] = c => c with { Vocab = 200 },
        ["hidden"] = c => c with { HiddenWidth = 40 },
        ["mlp-ratio"] = c => c with { MlpRatio = 2 },
        ["format"] = c => c with { Format = "BF16" },
        ["nca"] = c => c with { NcaWeight = 0.25f },
        ["embedding-init-scale"] = c => c with { EmbeddingInitScale = 2f },
        ["hidden-init-scale"] = c => c with { HiddenInitScale = 2f },
        ["parametrization"] = c => c with { Parametrization = Parametrization.Mup },
        ["mup-base-width"] = c => c with { Parametrization = Parametrization.Mup, MupBaseWidth = 64 },
        ["readout-init-scale"] = c => c with { ReadoutInitScale = 2f, TiedReadout = false },
        ["layers"] = c => c with { Layers = 1 },
        ["heads"] = c => c with { Heads = 1 },
        ["norm"] = c => c with { Norm = NormKind.RmsNorm },
        ["activation"] = c => c with { Attn = c.Attn with { Activation = ActivationKind.ReluSquared } },
        ["positions"] = c => c with { Attn = c.Attn with { Positions = PositionKind.Learned } },
        ["untied"] = c => c with { TiedReadout = false },
        ["dropout"] = c => c with { Dropout = 0.3f },
        ["qk-gain"] = c => c with { Hybrid = c.Hybrid with { QkGain = 1.5f } },
        ["ngram-k"] = c => c with { Ngram = c.Ngram with { K = 2 } },
        ["ngram-frozen"] = c => c with { Ngram = c.Ngram with { MixLearnable = false } },
        ["ngram-act"] = c => c with { Ngram = c.Ngram with { ReluSquared = true } },
        ["jepa-mask"] = c => c with { Jepa = c.Jepa with { MaskRatio = 0.5f } },
        ["jepa-weight"] = c => c with { Jepa = c.Jepa with { Weight = 0.2f } },
        ["jepa-ema-start"] = c => c with { Jepa = c.Jepa with { EmaStart = 0.5f } },
        ["jepa-ema-end"] = c => c with { Jepa = c.Jepa with { EmaEnd = 0.5f } },
        ["jepa-ramp-steps"] = c => c with { Jepa = c.Jepa with { RampSteps = 1 } },
    };

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var family in ModelFamilies.Names)
            foreach (var option in ModelOptions.All)
                data.Add(family, option.Name);
        return data;
    }

    private static ModelConfig Base(ModelFamily family)
    {
        var c = ModelConfig.Defaults with { Model = family.Name, DModel = 16, Ctx = 8 };
        return family.ReadsOption(ModelOptions.Layers) ? c with { Layers = 2, Heads = 2 } : c;
    }

    [Fact]
    public void Every_setting_has_a_twist()
    {
        Twists.Keys.Should().BeEquivalentTo(ModelOptions.All.Select(o => o.Name));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void A_setting_changes_the_computation_or_is_refused_naming_it_and_the_family(string familyName, string optionName)
    {
        var family = ModelFamilies.Get(familyName);
        var option = ModelOptions.Find(optionName)!;
        var baseline = Base(family);
        var twisted = Twists[optionName](baseline);
        option.Value(twisted).Should().NotBe(option.Value(baseline), "the twist changes the setting");
        if (!family.ReadsOption(option))
        {
            option.IsSetIn(twisted).Should().BeTrue("the twist moves the setting away from its default");
            var build = () => twisted.Validate(); // what every model constructor and the factory call first
            build.Should().Throw<ArgumentException>().Where(e => e.Message.Contains(optionName) && e.Message.Contains(family.Name));
            return;
        }
        Fingerprint(twisted).Should().NotEqual(Fingerprint(baseline), $"{family.Name} reads {optionName}, so changing it changes the computation");
    }

    /// <summary>Two training steps (plain gradient descent between them): losses, auxiliary terms, final gradients.</summary>
    private static double[] Fingerprint(ModelConfig config)
    {
        using var pool = new WorkerPool(1);
        using var model = ModelFactory.CreateModel(config, 2, 7, pool);
        var (x, y) = AttnModelTests.Batch(2, config.Ctx, 3);
        var print = new List<double> { model.ParameterCount };
        for (int step = 0; step < 2; step++)
        {
            model.ZeroGradients();
            model.TrainingStep = step;
            print.Add(model.Forward(x, y, 2));
            model.TrainingStep = null;
            var aux = (IAuxiliaryLoss)model;
            print.Add(aux.AuxiliaryLoss);
            print.Add(aux.NcaEntropy);
            model.Backward();
            var p = model.Parameters;
            var g = model.Gradients;
            for (int i = 0; i < p.Length; i++) p[i] -= 0.5f * g[i];
        }
        print.AddRange(model.Gradients.ToArray().Select(v => (double)v));
        return print.ToArray();
    }

    [Fact]
    public void Aliases_resolve_case_insensitively_and_unknown_names_list_the_families()
    {
        ModelFamilies.Get("ATTN").Should().BeSameAs(ModelFamilies.Attn);
        ModelFamilies.Get("train_v2").Should().BeSameAs(ModelFamilies.TrainV2);
        var unknown = () => ModelFamilies.Get("lstm");
        unknown.Should().Throw<ArgumentException>().WithMessage("*lstm*attn*TRAIN_V2*HYBRID*JEPA-T*");
        var alias = () => (ModelConfig.Defaults with { Model = "ATTN" }).Validate();
        alias.Should().Throw<ArgumentException>().WithMessage("*spelled 'attn'*");
    }

    [Fact]
    public void The_readout_init_scale_is_refused_with_a_tied_readout()
    {
        var tied = () => (ModelConfig.Defaults with { ReadoutInitScale = 2f }).Validate();
        tied.Should().Throw<ArgumentException>().WithMessage("ReadoutInitScale*untied*");
    }

    [Fact]
    public void Sgd_refuses_adam_moments_and_adamw_refuses_momentum()
    {
        var sgd = () => (TrainConfig.Defaults with { Optimizer = "sgd", Beta1 = 0.8f }).Validate();
        sgd.Should().Throw<ArgumentException>().WithMessage("beta1*sgd*");
        var adam = () => (TrainConfig.Defaults with { Momentum = 0.5f }).Validate();
        adam.Should().Throw<ArgumentException>().WithMessage("momentum*adamw*");
        var cosine = () => (TrainConfig.Defaults with { Schedule = Needle.Training.Optim.ScheduleKind.Cosine, DecayFraction = 0.5f }).Validate();
        cosine.Should().Throw<ArgumentException>().WithMessage("decay-fraction*cosine*");
    }
}
