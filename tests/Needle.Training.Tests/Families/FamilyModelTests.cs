using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Models;
using Needle.Training.Models.Families;
using Needle.Training.Run;

namespace Needle.Training.Tests.Families;

/// <summary>
/// Every family under Models/Families: whole-model gradient against finite differences (including the NCA term),
/// gradient flow to every parameter tensor on a real corpus batch (GRADFIX), bookkeeping, determinism.
/// </summary>
public sealed class FamilyModelTests
{
    public static TheoryData<string, ModelConfig> Tiny => new()
    {
        { "TRAIN_V2 relu", new ModelConfig { Model = FamilyNames.TrainV2, DModel = 16, HiddenWidth = 24, Ctx = 8, Ngram = new() { K = 3 } } },
        { "TRAIN_V2 relu2+nca", new ModelConfig { Model = FamilyNames.TrainV2, DModel = 16, HiddenWidth = 24, Ctx = 8, NcaWeight = 0.25f, Ngram = new() { K = 4, ReluSquared = true } } },
        { "HYBRID", new ModelConfig { Model = FamilyNames.Hybrid, DModel = 16, Layers = 2, Heads = 2, HiddenWidth = 32, Ctx = 8, Ngram = new() { K = 3 } } },
        { "JEPA-T", new ModelConfig { Model = FamilyNames.JepaT, DModel = 16, Layers = 1, Heads = 2, HiddenWidth = 32, Ctx = 8, Ngram = new() { K = 3 } } },
        { "JEPA-T+nca", new ModelConfig { Model = FamilyNames.JepaT, DModel = 16, Layers = 2, Heads = 2, HiddenWidth = 32, Ctx = 10, NcaWeight = 0.25f, Ngram = new() { K = 2 }, Jepa = new() { Weight = 1f } } },
        { "ATTN+nca", new ModelConfig { DModel = 16, Layers = 1, Heads = 2, Ctx = 8, NcaWeight = 0.25f } },
        { "HYBRID+nca", new ModelConfig { Model = FamilyNames.Hybrid, DModel = 16, Layers = 1, Heads = 2, HiddenWidth = 32, Ctx = 8, NcaWeight = 0.25f, Ngram = new() { K = 2 }, Hybrid = new() { QkGain = 1.7f } } },
    };

    private static double TotalLoss(ILanguageModel model, int[] x, int[] y, int batch)
    {
        double ntp = model.Forward(x, y, batch);
        return ntp + ((IAuxiliaryLoss)model).AuxiliaryLoss;
    }

    [Theory]
    [MemberData(nameof(Tiny))]
    public void Gradient_matches_directional_finite_differences(string name, ModelConfig config)
    {
        using var pool = new WorkerPool(2);
        using var model = ModelFactory.CreateModel(config, 2, 7, pool);
        var (x, y) = Models.AttnModelTests.Batch(2, config.Ctx, 3);
        if (config.NcaWeight > 0f) ScaleDownActivations(model);
        model.ZeroGradients();
        TotalLoss(model, x, y, 2);
        model.Backward();
        GradCheck.Directional(name, model, () => TotalLoss(model, x, y, 2));
    }

    /// <summary>
    /// With NCA on, make its penalty active (entropy below the band) so the check covers the NCA gradient too:
    /// shrink the norm gains feeding the NCA site so the activations concentrate near 0.
    /// </summary>
    private static void ScaleDownActivations(ILanguageModel model)
    {
        foreach (var t in model.Tensors.Where(t => t.Name is "ln2.w" or "lnf.w"))
            model.Parameters.Slice((int)t.Offset, (int)t.Size).Fill(0.02f);
        var (x, y) = Models.AttnModelTests.Batch(2, model.Config.Ctx, 3);
        model.Forward(x, y, 2);
        ((IAuxiliaryLoss)model).AuxiliaryLoss.Should().BeGreaterThan(0, "the NCA penalty must be active for the check to cover it");
    }

    [Theory]
    [MemberData(nameof(Tiny))]
    public void Every_parameter_tensor_receives_a_gradient_on_a_real_corpus_batch(string name, ModelConfig config)
    {
        var corpus = TinyShakespeare.Load(RepoPaths.Corpus);
        using var pool = new WorkerPool(2);
        using var model = ModelFactory.CreateModel(config, 4, 11, pool);
        var x = new int[4 * config.Ctx];
        var y = new int[4 * config.Ctx];
        new BatchSampler(corpus.Train, 4, config.Ctx, 5).Fill(0, x, y);
        model.ZeroGradients();
        model.Forward(x, y, 4);
        model.Backward();
        var grads = model.Gradients;
        foreach (var t in model.Tensors)
            grads.Slice((int)t.Offset, (int)t.Size).ToArray().Should().Contain(v => v != 0f && float.IsFinite(v), $"{name}: {t.Name} must receive a gradient");
    }

    [Theory]
    [MemberData(nameof(Tiny))]
    public void Tensors_tile_the_parameter_vector_and_flops_are_positive(string name, ModelConfig config)
    {
        using var pool = new WorkerPool(1);
        using var model = ModelFactory.CreateModel(config, 1, 1, pool);
        model.Tensors.Sum(t => t.Size).Should().Be(model.ParameterCount, name);
        model.Tensors.Select(t => t.Name).Should().OnlyHaveUniqueItems();
        model.Tensors.Should().Contain(t => t.Group == ParameterGroup.Embedding).And.Contain(t => t.Group == ParameterGroup.Hidden);
        model.ForwardFlopsPerToken.Should().BeGreaterThan(2.0 * config.DModel * config.Vocab, "the readout alone costs 2·d·V");
    }

    [Fact]
    public void Frozen_mix_weights_get_no_gradient_and_the_rest_still_does()
    {
        var config = new ModelConfig { Model = FamilyNames.TrainV2, DModel = 16, HiddenWidth = 24, Ctx = 8, Ngram = new() { K = 3, MixLearnable = false } };
        using var pool = new WorkerPool(1);
        using var model = ModelFactory.CreateModel(config, 2, 7, pool);
        var (x, y) = Models.AttnModelTests.Batch(2, 8, 3);
        model.ZeroGradients();
        model.Forward(x, y, 2);
        model.Backward();
        var mix = model.Tensors.Single(t => t.Name == "ngram.mix");
        model.Gradients.Slice((int)mix.Offset, (int)mix.Size).ToArray().Should().OnlyContain(g => g == 0f);
        model.Gradients.ToArray().Should().Contain(g => g != 0f);
    }

    [Theory]
    [InlineData(FamilyNames.TrainV2)]
    [InlineData(FamilyNames.Hybrid)]
    [InlineData(FamilyNames.JepaT)]
    public void Forward_and_backward_are_bit_identical_for_one_and_two_threads(string family)
    {
        (float, float[]) Run(int threads)
        {
            using var pool = new WorkerPool(threads);
            var config = family == FamilyNames.TrainV2
                ? new ModelConfig { Model = family, DModel = 32, Ctx = 16, HiddenWidth = 64 }
                : new ModelConfig { Model = family, DModel = 32, Layers = 1, Heads = 2, Ctx = 16, HiddenWidth = 64 };
            using var model = ModelFactory.CreateModel(config, 3, 5, pool);
            var (x, y) = Models.AttnModelTests.Batch(3, 16, 4);
            model.ZeroGradients();
            float loss = model.Forward(x, y, 3);
            model.Backward();
            return (loss, model.Gradients.ToArray());
        }
        var one = Run(1);
        var two = Run(2);
        two.Item1.Should().Be(one.Item1);
        two.Item2.Should().Equal(one.Item2);
    }
}
