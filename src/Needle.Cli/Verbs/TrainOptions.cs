using System.CommandLine;
using Needle.Training.Layers;
using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Optim;
using Needle.Training.Run;

namespace Needle.Cli.Verbs;

/// <summary>The model/optimiser options shared by <c>needle train</c> and <c>needle bench train</c>, mapped to one <see cref="TrainConfig"/>.</summary>
internal sealed class TrainOptions
{
    public readonly Option<string> Model = new("--model") { Description = "model family: attn (= ATTN), TRAIN_V2, HYBRID, JEPA-T", DefaultValueFactory = _ => "attn" };
    public readonly Option<int> DModel = new("--d-model") { Description = "width", DefaultValueFactory = _ => 128 };
    public readonly Option<int> Layers = new("--layers") { Description = "depth", DefaultValueFactory = _ => 4 };
    public readonly Option<int> Heads = new("--heads") { Description = "attention heads", DefaultValueFactory = _ => 4 };
    public readonly Option<int> Ctx = new("--ctx") { Description = "context length (bytes)", DefaultValueFactory = _ => 64 };
    public readonly Option<int> Batch = new("--batch") { Description = "sequences per step", DefaultValueFactory = _ => 12 };
    public readonly Option<float> Lr = new("--lr") { Description = "peak learning rate", DefaultValueFactory = _ => 1e-3f };
    public readonly Option<int> Steps = new("--steps") { Description = "optimiser steps", DefaultValueFactory = _ => 2000 };
    public readonly Option<ulong> Seed = new("--seed") { Description = "master seed (init, batches, eval sample)", DefaultValueFactory = _ => 42UL };
    public readonly Option<int> Threads = new("--threads") { Description = "worker threads (results are identical for any count)", DefaultValueFactory = _ => 2 };
    public readonly Option<string> Schedule = new Option<string>("--schedule") { Description = "learning-rate schedule", DefaultValueFactory = _ => "wsd" }.OneOf("constant", "cosine", "wsd");
    public readonly Option<int> Warmup = new("--warmup") { Description = "warm-up steps (-1: 5% of steps)", DefaultValueFactory = _ => -1 };
    public readonly Option<string> Optimizer = new("--optimizer") { Description = "adamw | sgd", DefaultValueFactory = _ => "adamw" };
    public readonly Option<float> Beta1 = new("--beta1") { Description = "AdamW β1", DefaultValueFactory = _ => 0.9f };
    public readonly Option<float> Beta2 = new("--beta2") { Description = "AdamW β2", DefaultValueFactory = _ => 0.999f };
    public readonly Option<float> WeightDecay = new("--weight-decay") { Description = "decoupled (AdamW) / coupled (SGD) decay on matrices", DefaultValueFactory = _ => 0f };
    public readonly Option<float> GradClip = new("--grad-clip") { Description = "global gradient-norm clip (0: off)", DefaultValueFactory = _ => 1f };
    public readonly Option<string> Norm = new("--norm") { Description = "layernorm | rmsnorm", DefaultValueFactory = _ => "layernorm" };
    public readonly Option<string> Activation = new("--activation") { Description = "gelu | relu2", DefaultValueFactory = _ => "gelu" };
    public readonly Option<string> Positions = new("--positions") { Description = "learned | rope | learned+rope", DefaultValueFactory = _ => "rope" };
    public readonly Option<bool> Untied = new("--untied") { Description = "untied readout matrix (default: tied to the embedding)" };
    public readonly Option<int> EvalEvery = new("--eval-every") { Description = "sampled validation every N steps (0: only the final whole-split one)", DefaultValueFactory = _ => 100 };
    public readonly Option<float> Dropout = new("--dropout") { Description = "attn: dropout probability on attention outputs and MLP activations while training (0: off)", DefaultValueFactory = _ => 0f };
    public readonly Option<string> Curriculum = new("--curriculum") { Description = "V7 online curriculum: off | median | a quantile in (0, 1); candidates below the running loss quantile are replaced by fresh ones (docs/accelerators.md)", DefaultValueFactory = _ => "off" };
    public readonly Option<float> WeightEma = new("--weight-ema") { Description = "decay of an EMA of the weights, evaluated at the end (0: off)", DefaultValueFactory = _ => 0f };

    public readonly Option<string> Format = new("--format") { Description = "number format the matrices are fake-quantised into while training: FP32 | FP16 | BF16 | FP8E4M3 | FP8E5M2 | DLFLOAT | GF16 (GF16 needs hidden ≥ 256)", DefaultValueFactory = _ => "FP32" };
    public readonly Option<int> Hidden = new("--hidden") { Description = "hidden / up-projection width (0: 4 · d-model)", DefaultValueFactory = _ => 0 };
    public readonly Option<int> NgramK = new("--ngram-k") { Description = "TRAIN_V2/HYBRID: bytes in the n-gram mix", DefaultValueFactory = _ => 8 };
    public readonly Option<bool> NgramFrozen = new("--ngram-frozen") { Description = "TRAIN_V2/HYBRID: freeze the mix weights at 0.7·0.45^i" };
    public readonly Option<string> NgramAct = new("--ngram-act") { Description = "TRAIN_V2: relu | relu2", DefaultValueFactory = _ => "relu" };
    public readonly Option<float> QkGain = new("--qk-gain") { Description = "HYBRID: attention query gain (upstream φ² ≈ 2.618)", DefaultValueFactory = _ => 2.618034f };
    public readonly Option<string> Parametrization = new("--parametrization") { Description = "sp | mup (muP, Adam form: hidden-matrix lr × 1/width-mult, readout × 1/width-mult, 1/d_head attention; docs/accelerators.md V1)", DefaultValueFactory = _ => "sp" };
    public readonly Option<int> MupBaseWidth = new("--mup-base-width") { Description = $"muP's declared base width (d_model at which muP equals SP; 0: {MupScaling.DefaultBaseWidth})", DefaultValueFactory = _ => 0 };
    public readonly Option<bool> Nca = new("--nca") { Description = "add the NCA entropy-band auxiliary loss (weight --nca-weight)" };
    public readonly Option<float> NcaWeight = new("--nca-weight") { Description = "NCA loss weight when --nca is given", DefaultValueFactory = _ => 0.25f };

    public readonly Option<float> JepaMask = new("--jepa-mask") { Description = "JEPA-T: masked future span as a fraction of ctx", DefaultValueFactory = _ => 0.3f };
    public readonly Option<float> JepaWeight = new("--jepa-weight") { Description = "JEPA-T: latent-prediction loss weight (next-byte weight 1)", DefaultValueFactory = _ => 0.5f };
    public readonly Option<float> JepaEmaStart = new("--jepa-ema-start") { Description = "JEPA-T: target-encoder EMA decay at step 0 (ramped linearly to --jepa-ema-end over the run)", DefaultValueFactory = _ => 0.996f };
    public readonly Option<float> JepaEmaEnd = new("--jepa-ema-end") { Description = "JEPA-T: target-encoder EMA decay at the last step", DefaultValueFactory = _ => 1.0f };

    /// <summary>Canon spelling of a model name given on the command line (any case or alias; ATTN is the engine's attn).</summary>
    public static string CanonModel(string name) => ModelFamilies.Get(name).Name;

    /// <summary>Each architecture option and the registry setting it sets (a family refuses the ones it does not read).</summary>
    private (Option Cli, ModelOption Setting)[] ModelSettings =>
    [
        (DModel, ModelOptions.DModel), (Layers, ModelOptions.Layers), (Heads, ModelOptions.Heads), (Ctx, ModelOptions.Ctx),
        (Norm, ModelOptions.Norm), (Activation, ModelOptions.Activation), (Positions, ModelOptions.Positions),
        (Untied, ModelOptions.Untied), (Dropout, ModelOptions.Dropout), (Format, ModelOptions.Format), (Hidden, ModelOptions.Hidden),
        (NgramK, ModelOptions.NgramK), (NgramFrozen, ModelOptions.NgramFrozen), (NgramAct, ModelOptions.NgramAct),
        (QkGain, ModelOptions.QkGain), (Nca, ModelOptions.Nca), (NcaWeight, ModelOptions.Nca), (JepaMask, ModelOptions.JepaMask),
        (JepaWeight, ModelOptions.JepaWeight), (JepaEmaStart, ModelOptions.JepaEmaStart), (JepaEmaEnd, ModelOptions.JepaEmaEnd),
        (Parametrization, ModelOptions.Parametrization), (MupBaseWidth, ModelOptions.MupBaseWidth),
    ];

    private static bool Given(ParseResult r, Option option) => r.GetResult(option) is { Implicit: false };

    /// <summary>
    /// Refuses every option given explicitly that the run would not read: an architecture option the family does not
    /// read (named with the family), <c>--nca-weight</c> without <c>--nca</c>, <c>--beta1/2</c> under SGD.
    /// </summary>
    private void RefuseUnread(ParseResult r, ModelFamily family, string optimizer)
    {
        foreach (var (cli, setting) in ModelSettings)
            if (Given(r, cli) && !family.ReadsOption(setting)) throw family.NotRead(setting, cli.Name);
        if (Given(r, NcaWeight) && !r.GetValue(Nca))
            throw new ArgumentException("--nca-weight: given without --nca, so it would not be read; add --nca or drop --nca-weight");
        foreach (var beta in new[] { Beta1, Beta2 })
            if (optimizer == "sgd" && Given(r, beta))
                throw new ArgumentException($"{beta.Name}: the sgd optimizer does not read it (AdamW's moment decay); drop it or use --optimizer adamw");
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Parametrization, MupBaseWidth, Dropout, Format, Hidden, NgramK, NgramFrozen, NgramAct, QkGain, Nca, NcaWeight, JepaMask, JepaWeight, JepaEmaStart, JepaEmaEnd })
            command.Options.Add(o);
        foreach (var o in new Option[] { Model, DModel, Layers, Heads, Ctx, Batch, Lr, Steps, Seed, Threads, Schedule, Warmup, Optimizer, Beta1, Beta2,
                     WeightDecay, GradClip, Norm, Activation, Positions, Untied, EvalEvery, WeightEma, Curriculum })
            command.Options.Add(o);
    }

    /// <summary>Builds and validates the config; unknown names throw <see cref="ArgumentException"/> naming the option.</summary>
    public TrainConfig ToConfig(ParseResult r)
    {
        var family = ModelFamilies.Get(r.GetValue(Model)!);
        string optimizer = r.GetValue(Optimizer)!.ToLowerInvariant();
        RefuseUnread(r, family, optimizer);
        var model = new ModelConfig
        {
            Model = family.Name,
            Format = r.GetValue(Format)!.ToUpperInvariant(),
            HiddenWidth = r.GetValue(Hidden),
            NgramK = r.GetValue(NgramK),
            NgramMixLearnable = !r.GetValue(NgramFrozen),
            NgramReluSquared = r.GetValue(NgramAct)!.ToLowerInvariant() switch
            {
                "relu" => false,
                "relu2" => true,
                var other => throw new ArgumentException($"--ngram-act: unknown activation '{other}'; known: relu, relu2"),
            },
            QkGain = r.GetValue(QkGain),
            Dropout = r.GetValue(Dropout),
            NcaWeight = r.GetValue(Nca) ? r.GetValue(NcaWeight) : 0f,
            JepaMaskRatio = r.GetValue(JepaMask),
            JepaWeight = r.GetValue(JepaWeight),
            JepaEmaStart = r.GetValue(JepaEmaStart),
            JepaEmaEnd = r.GetValue(JepaEmaEnd),
            // JEPA-T ramps its target-encoder decay over the run; no other family reads the ramp.
            JepaRampSteps = family == ModelFamilies.JepaT ? Math.Max(1, r.GetValue(Steps)) : ModelConfig.Defaults.JepaRampSteps,
            DModel = r.GetValue(DModel),
            Layers = r.GetValue(Layers),
            Heads = r.GetValue(Heads),
            Ctx = r.GetValue(Ctx),
            Norm = ModelConfig.ParseNorm(r.GetValue(Norm)!),
            Activation = ModelConfig.ParseActivation(r.GetValue(Activation)!),
            Positions = ModelConfig.ParsePositions(r.GetValue(Positions)!),
            TiedReadout = !r.GetValue(Untied),
            Parametrization = MupScaling.Parse(r.GetValue(Parametrization)!),
            MupBaseWidth = r.GetValue(MupBaseWidth),
        };
        var config = new TrainConfig
        {
            Model = model,
            Batch = r.GetValue(Batch),
            Lr = r.GetValue(Lr),
            Steps = r.GetValue(Steps),
            Seed = r.GetValue(Seed),
            Threads = r.GetValue(Threads),
            Schedule = LearningRateSchedule.Parse(r.GetValue(Schedule)!),
            WarmupSteps = r.GetValue(Warmup),
            Optimizer = optimizer,
            Beta1 = r.GetValue(Beta1),
            Beta2 = r.GetValue(Beta2),
            WeightDecay = r.GetValue(WeightDecay),
            GradClip = r.GetValue(GradClip),
            EvalEvery = r.GetValue(EvalEvery),
            WeightEmaDecay = r.GetValue(WeightEma),
            Curriculum = Needle.Training.Curriculum.CurriculumSpec.Parse(r.GetValue(Curriculum)!),
        };
        config.Validate();
        return config;
    }
}
