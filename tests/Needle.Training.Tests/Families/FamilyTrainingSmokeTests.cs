using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Models.Families;
using Needle.Training.Run;

namespace Needle.Training.Tests.Families;

/// <summary>Each family trains for real on TinyShakespeare: the training loss falls within a few seconds of steps.</summary>
public sealed class FamilyTrainingSmokeTests
{
    private static TrainResult Train(ModelConfig model, int steps, float lr = 3e-3f)
    {
        var corpus = TinyShakespeare.Load(RepoPaths.Corpus);
        var config = new TrainConfig { Model = model, Batch = 8, Steps = steps, Lr = lr, EvalEvery = 0, EvalWindows = 0, Seed = 3 };
        using var trainer = new Trainer(config, corpus);
        return trainer.Run(stopAfter: steps - 1); // stop before the whole-split validation: the losses are the claim
    }

    private static void LossFalls(TrainResult r)
    {
        double first = r.Losses.Take(5).Average(x => x), last = r.Losses.TakeLast(10).Average(x => x);
        last.Should().BeLessThan(first - 0.8, $"losses {string.Join(", ", r.Losses.Select(x => x.ToString("F2")))}");
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Train_v2_loss_falls() =>
        LossFalls(Train(new ModelConfig { Model = FamilyNames.TrainV2, DModel = 32, HiddenWidth = 128, Ctx = 32, Ngram = new() { K = 6 } }, 80));

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Hybrid_loss_falls() =>
        LossFalls(Train(new ModelConfig { Model = FamilyNames.Hybrid, DModel = 32, Layers = 1, Heads = 2, HiddenWidth = 64, Ctx = 32 }, 80));

    [Fact]
    public void Train_v2_with_nca_in_fp8_loss_falls() =>
        LossFalls(Train(new ModelConfig { Model = FamilyNames.TrainV2, DModel = 32, HiddenWidth = 128, Ctx = 32, NcaWeight = 0.25f, Format = "FP8E4M3" }, 80));

    [Fact]
    public void Jepa_t_loss_falls() =>
        LossFalls(Train(new ModelConfig { Model = FamilyNames.JepaT, DModel = 32, Layers = 1, Heads = 2, HiddenWidth = 64, Ctx = 32, NcaWeight = 0.25f }, 80));
}
