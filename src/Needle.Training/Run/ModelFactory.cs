using Needle.Training.Kernels;
using Needle.Training.Formats;
using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Optim;

namespace Needle.Training.Run;

/// <summary>Builds models (through <see cref="ModelFamilies"/>) and optimisers by name; unknown names are errors (never a silent default).</summary>
public static class ModelFactory
{
    public static ILanguageModel CreateModel(ModelConfig config, int batch, ulong seed, WorkerPool pool)
    {
        config.Validate();
        var model = ModelFamilies.Get(config.Model).Create(config, batch, seed, pool);
        // Training in a number format: fake-quantise the matrices before every forward (FP32 needs no transform).
        if (config.Format != NumberFormats.Fp32Name) model.WeightTransform = FakeQuantWeightTransform.For(config.Format);
        return model;
    }

    public static IOptimizer CreateOptimizer(TrainConfig c, ILanguageModel model, WorkerPool pool) => c.Optimizer switch
    {
        "adamw" => new AdamW(model, pool, c.LrMultipliers, c.Beta1, c.Beta2, c.Epsilon, c.WeightDecay),
        "sgd" => new SgdMomentum(model, pool, c.LrMultipliers, c.Momentum, c.WeightDecay),
        _ => throw new ArgumentException($"optimizer: unknown optimizer '{c.Optimizer}'; known: {string.Join(", ", TrainConfig.KnownOptimizers)}"),
    };
}
