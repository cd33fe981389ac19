using System.CommandLine;
using System.Globalization;
using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Run;

namespace Needle.Cli.Verbs;

/// <summary>The model/optimiser options shared by <c>needle train</c> and <c>needle bench train</c>, bound to one
/// <see cref="TrainConfig"/> by <see cref="TrainSettings"/> (each option is the setting of its name). The declared
/// defaults are what <c>--help</c> shows; a test checks they equal <see cref="TrainConfig.Defaults"/>.</summary>
internal sealed class TrainOptions
{
    public readonly Option<string> Model = new Option<string>("--model") { Description = "model family (docs/model-families.md; ATTN is attn)", DefaultValueFactory = _ => "attn" }.OneOf(ModelFamilies.Names);
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
    public readonly Option<string> Optimizer = new Option<string>("--optimizer") { Description = "optimiser", DefaultValueFactory = _ => "adamw" }.OneOf("adamw", "sgd");
    public readonly Option<float> Beta1 = new("--beta1") { Description = "AdamW β1", DefaultValueFactory = _ => 0.9f };
    public readonly Option<float> Beta2 = new("--beta2") { Description = "AdamW β2", DefaultValueFactory = _ => 0.999f };
    public readonly Option<float> WeightDecay = new("--weight-decay") { Description = "decoupled (AdamW) / coupled (SGD) decay on matrices", DefaultValueFactory = _ => 0f };
    public readonly Option<float> GradClip = new("--grad-clip") { Description = "global gradient-norm clip (0: off)", DefaultValueFactory = _ => 1f };
    public readonly Option<string> Norm = new Option<string>("--norm") { Description = "normalisation", DefaultValueFactory = _ => "layernorm" }.OneOf("layernorm", "rmsnorm");
    public readonly Option<string> Activation = new Option<string>("--activation") { Description = "MLP activation", DefaultValueFactory = _ => "gelu" }.OneOf("gelu", "relu2");
    public readonly Option<string> Positions = new Option<string>("--positions") { Description = "position encoding", DefaultValueFactory = _ => "rope" }.OneOf("learned", "rope", "learned+rope");
    public readonly Option<bool> Untied = new("--untied") { Description = "untied readout matrix (default: tied to the embedding)" };
    public readonly Option<int> EvalEvery = new("--eval-every") { Description = "sampled validation every N steps (0: only the final whole-split one)", DefaultValueFactory = _ => 100 };
    public readonly Option<float> Dropout = new("--dropout") { Description = "attn: dropout probability on attention outputs and MLP activations while training (0: off)", DefaultValueFactory = _ => 0f };
    public readonly Option<string> Curriculum = new("--curriculum") { Description = "V7 online curriculum: off, median, or a quantile in (0, 1); candidates below the running loss quantile are replaced by fresh ones (docs/accelerators.md)", DefaultValueFactory = _ => "off" };
    public readonly Option<float> WeightEma = new("--weight-ema") { Description = "decay of an EMA of the weights, evaluated at the end (0: off)", DefaultValueFactory = _ => 0f };

    public readonly Option<string> Format = new Option<string>("--format") { Description = "number format the matrices are fake-quantised into while training (GF16 needs hidden ≥ 256)", DefaultValueFactory = _ => "FP32" }.OneOf([.. Needle.Training.Formats.NumberFormats.Names]);
    public readonly Option<int> Hidden = new("--hidden") { Description = "hidden / up-projection width (0: 4 · d-model)", DefaultValueFactory = _ => 0 };
    public readonly Option<int> NgramK = new("--ngram-k") { Description = "TRAIN_V2/HYBRID: bytes in the n-gram mix", DefaultValueFactory = _ => 8 };
    public readonly Option<bool> NgramFrozen = new("--ngram-frozen") { Description = "TRAIN_V2/HYBRID: freeze the mix weights at 0.7·0.45^i" };
    public readonly Option<string> NgramAct = new Option<string>("--ngram-act") { Description = "TRAIN_V2: the n-gram MLP's activation", DefaultValueFactory = _ => "relu" }.OneOf("relu", "relu2");
    public readonly Option<float> QkGain = new("--qk-gain") { Description = "HYBRID: attention query gain (upstream φ² ≈ 2.618)", DefaultValueFactory = _ => 2.618034f };
    public readonly Option<string> Parametrization = new Option<string>("--parametrization") { Description = "standard (sp) or maximal-update (mup: muP, Adam form: hidden-matrix lr × 1/width-mult, readout × 1/width-mult, 1/d_head attention; docs/accelerators.md V1)", DefaultValueFactory = _ => "sp" }.OneOf("sp", "mup");
    public readonly Option<int> MupBaseWidth = new("--mup-base-width") { Description = $"muP's declared base width (d_model at which muP equals SP; 0: {MupScaling.DefaultBaseWidth})", DefaultValueFactory = _ => 0 };
    public readonly Option<bool> Nca = new("--nca") { Description = "add the NCA entropy-band auxiliary loss (weight --nca-weight)" };
    public readonly Option<float> NcaWeight = new("--nca-weight") { Description = "NCA loss weight when --nca is given", DefaultValueFactory = _ => 0.25f };

    public readonly Option<float> JepaMask = new("--jepa-mask") { Description = "JEPA-T: masked future span as a fraction of ctx", DefaultValueFactory = _ => 0.3f };
    public readonly Option<float> JepaWeight = new("--jepa-weight") { Description = "JEPA-T: latent-prediction loss weight (next-byte weight 1)", DefaultValueFactory = _ => 0.5f };
    public readonly Option<float> JepaEmaStart = new("--jepa-ema-start") { Description = "JEPA-T: target-encoder EMA decay at step 0 (ramped linearly to --jepa-ema-end over --jepa-ramp-steps)", DefaultValueFactory = _ => 0.996f };
    public readonly Option<float> JepaEmaEnd = new("--jepa-ema-end") { Description = "JEPA-T: target-encoder EMA decay from the end of the ramp on", DefaultValueFactory = _ => 1.0f };
    public readonly Option<int> JepaRampSteps = new("--jepa-ramp-steps") { Description = "JEPA-T: steps over which the target-encoder decay ramps from --jepa-ema-start to --jepa-ema-end", DefaultValueFactory = _ => 1000 };

    /// <summary>Canon spelling of a model name given on the command line (any case or alias; ATTN is the engine's attn).</summary>
    public static string CanonModel(string name) => ModelFamilies.Get(name).Name;

    private static bool Given(ParseResult r, Option option) => r.GetResult(option) is { Implicit: false };

    /// <summary>
    /// Refuses what <see cref="TrainSettings"/> cannot see: <c>--nca-weight</c> without <c>--nca</c> (the pair is one
    /// setting, nca = weight), <c>--beta1/2</c> given under SGD even at their defaults.
    /// </summary>
    private void RefuseUnread(ParseResult r)
    {
        if (Given(r, NcaWeight) && !r.GetValue(Nca))
            throw new ArgumentException("--nca-weight: given without --nca, so it would not be read; add --nca or drop --nca-weight");
        foreach (var beta in new[] { Beta1, Beta2 })
            if (r.GetValue(Optimizer)!.Equals("sgd", StringComparison.OrdinalIgnoreCase) && Given(r, beta))
                throw new ArgumentException($"{beta.Name}: the sgd optimizer does not read it (AdamW's moment decay); drop it or use --optimizer adamw");
    }

    /// <summary>Every option, in the order <c>--help</c> lists them.</summary>
    private Option[] All =>
    [
        Parametrization, MupBaseWidth, Dropout, Format, Hidden, NgramK, NgramFrozen, NgramAct, QkGain, Nca, NcaWeight,
        JepaMask, JepaWeight, JepaEmaStart, JepaEmaEnd, JepaRampSteps,
        Model, DModel, Layers, Heads, Ctx, Batch, Lr, Steps, Seed, Threads, Schedule, Warmup, Optimizer, Beta1, Beta2,
        WeightDecay, GradClip, Norm, Activation, Positions, Untied, EvalEvery, WeightEma, Curriculum,
    ];

    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    /// <summary>
    /// Builds and validates the config through <see cref="TrainSettings"/> (the binding race trials use too): every
    /// option given explicitly becomes a setting of the same name; what is not given keeps
    /// <see cref="TrainConfig.Defaults"/>. Errors name the option (and the family, for one it does not read).
    /// </summary>
    public TrainConfig ToConfig(ParseResult r)
    {
        RefuseUnread(r);
        var given = new List<KeyValuePair<string, string>>();
        foreach (var option in All)
        {
            if (option == Nca || option == NcaWeight || !Given(r, option)) continue;
            given.Add(new(option.Name, Text(r, option)));
        }
        // --nca switches the NCA loss on at --nca-weight: the setting nca is that weight.
        if (r.GetValue(Nca)) given.Add(new(Nca.Name, Text(r, NcaWeight)));
        return TrainSettings.Bind(given);
    }

    /// <summary>An option's parsed value as invariant text (floats round-trip exactly).</summary>
    private static string Text(ParseResult r, Option option) => option switch
    {
        Option<string> s => r.GetValue(s)!,
        Option<int> i => r.GetValue(i).ToString(CultureInfo.InvariantCulture),
        Option<ulong> u => r.GetValue(u).ToString(CultureInfo.InvariantCulture),
        Option<float> f => r.GetValue(f).ToString("R", CultureInfo.InvariantCulture),
        Option<bool> b => r.GetValue(b) ? "true" : "false",
        _ => throw new InvalidOperationException($"{option.Name}: no text form for {option.GetType().Name}"),
    };
}
