using Needle.Training.Layers;
using Needle.Training.Models.Registry;

namespace Needle.Training.Models;

/// <summary>How positions enter the model: learned absolute embeddings, rotary (RoPE) in attention, or both.</summary>
public enum PositionKind { Learned, Rope, LearnedAndRope }

/// <summary>
/// The architecture of one model. Names from the command line go through <see cref="ParseNorm"/>-style helpers that
/// reject unknown values (the upstream silently ran unknown names as defaults). <see cref="Model"/> names a family of
/// <see cref="ModelFamilies"/>; a setting that family does not read must keep its default (<see cref="Validate"/>).
/// </summary>
public sealed record ModelConfig
{
    /// <summary>A config with every default (what an unread setting must equal).</summary>
    public static ModelConfig Defaults { get; } = new();

    public string Model { get; init; } = "attn";
    public int DModel { get; init; } = 128;
    public int Layers { get; init; } = 4;
    public int Heads { get; init; } = 4;
    public int Ctx { get; init; } = 64;
    public int Vocab { get; init; } = 256;
    public int MlpRatio { get; init; } = 4;
    public NormKind Norm { get; init; } = NormKind.LayerNorm;
    public ActivationKind Activation { get; init; } = ActivationKind.Gelu;
    public PositionKind Positions { get; init; } = PositionKind.Rope;
    public bool TiedReadout { get; init; } = true;

    /// <summary>Per-group initialisation multipliers (muP sets these); 1 = the defaults documented on <see cref="AttnModel"/>.</summary>
    public float EmbeddingInitScale { get; init; } = 1f;
    public float HiddenInitScale { get; init; } = 1f;
    public float ReadoutInitScale { get; init; } = 1f;

    /// <summary>Number format the matrices are fake-quantised into during training (a canon name from
    /// Needle.Training.Formats.NumberFormats; FP32 = no quantisation). Part of the run's canon name.</summary>
    public string Format { get; init; } = "FP32";

    /// <summary>Explicit hidden (MLP / up-projection) width; 0 = d-model · mlp-ratio.</summary>
    public int HiddenWidth { get; init; }

    /// <summary>TRAIN_V2 / HYBRID: how many previous bytes (the current one included) the n-gram mix sees.</summary>
    public int NgramK { get; init; } = 8;

    /// <summary>TRAIN_V2: the per-position mix weights (init 0.7·0.45^i) are trained (true) or frozen (false).</summary>
    public bool NgramMixLearnable { get; init; } = true;

    /// <summary>TRAIN_V2: ReLU² instead of the upstream's plain ReLU on the up-projection.</summary>
    public bool NgramReluSquared { get; init; }

    /// <summary>HYBRID: multiplier on the attention queries (so on the logits q·k/√d); upstream φ² ≈ 2.618.</summary>
    public float QkGain { get; init; } = 2.618034f;

    /// <summary>Weight of the NCA auxiliary loss (entropy band on hidden activations); 0 = off, upstream 0.25.</summary>
    public float NcaWeight { get; init; }

    /// <summary>JEPA-T: fraction of each window masked as the future span whose target latents are predicted (upstream 0.3).</summary>
    public float JepaMaskRatio { get; init; } = 0.3f;

    /// <summary>JEPA-T: EMA decay of the target encoder, ramped linearly from start to end over <see cref="JepaRampSteps"/>.</summary>
    public float JepaEmaStart { get; init; } = 0.996f;
    public float JepaEmaEnd { get; init; } = 1.0f;
    public int JepaRampSteps { get; init; } = 1000;

    /// <summary>Dropout probability on attention outputs and MLP activations while training (0 = off; attn only).</summary>
    public float Dropout { get; init; }

    /// <summary>JEPA-T: weight of the latent-prediction loss relative to next-byte loss weight 1 (upstream 0.25 vs 0.5).</summary>
    public float JepaWeight { get; init; } = 0.5f;

    /// <summary>SP (default) or muP (<see cref="MupScaling"/>). Omitted from the JSON when SP, so every config hash
    /// from before muP existed is unchanged.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public Parametrization Parametrization { get; init; }

    /// <summary>muP's declared base width (the d_model at which muP equals SP); 0 = <see cref="MupScaling.DefaultBaseWidth"/>.
    /// Read only under muP.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int MupBaseWidth { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public int HeadSize => DModel / Heads;
    [System.Text.Json.Serialization.JsonIgnore] public int Hidden => HiddenWidth > 0 ? HiddenWidth : DModel * MlpRatio;

    /// <summary>Throws with the offending field named when the configuration cannot describe a model.</summary>
    public void Validate()
    {
        var family = ModelFamilies.Get(Model);
        if (family.Name != Model)
            throw new ArgumentException($"model: '{Model}' is spelled '{family.Name}' in a config");
        family.RefuseUnread(this);
        Require(DModel > 0, "d-model", DModel, "must be positive");
        Require(Layers > 0, "layers", Layers, "must be positive");
        bool attends = family.ReadsOption(ModelOptions.Heads);
        Require(!attends || (Heads > 0 && DModel % Heads == 0), "heads", Heads, $"must divide d-model {DModel}");
        Require(Ctx > 1, "ctx", Ctx, "must be at least 2");
        Require(Vocab is > 1 and <= 256, "vocab", Vocab, "must be in [2, 256] (byte tokens)");
        Require(MlpRatio > 0, "mlp-ratio", MlpRatio, "must be positive");
        Require(!attends || Positions == PositionKind.Learned || HeadSize % 2 == 0, "heads", Heads, "RoPE needs an even head size");
        Require(HiddenWidth >= 0, "hidden", HiddenWidth, "must be positive (0 = d-model · mlp-ratio)");
        Require(NgramK is >= 1 and <= 64, "ngram-k", NgramK, "must be in [1, 64]");
        Require(QkGain > 0f && float.IsFinite(QkGain), "qk-gain", QkGain, "must be positive");
        Require(NcaWeight >= 0f && float.IsFinite(NcaWeight), "nca", NcaWeight, "must be ≥ 0");
        Require(Formats.NumberFormats.IsKnown(Format), "format", Format, $"is not a number format; known: {string.Join(", ", Formats.NumberFormats.Names)}");
        if (Format == Formats.NumberFormats.Gf16Name && Hidden < Needle.Core.Canon.DeployValidator.Gf16MinHidden)
            throw new ArgumentException($"format: INV-3: GF16 needs hidden width ≥ {Needle.Core.Canon.DeployValidator.Gf16MinHidden}, got {Hidden}; raise --hidden or train in another format");
        Require(Dropout is >= 0f and < 1f, "dropout", Dropout, "must be in [0, 1)");
        Require(JepaMaskRatio is > 0f and < 1f, "jepa-mask", JepaMaskRatio, "must be in (0, 1)");
        Require(JepaEmaStart is >= 0f and <= 1f && JepaEmaEnd is >= 0f and <= 1f, "jepa-ema", $"{JepaEmaStart}→{JepaEmaEnd}", "decays must be in [0, 1]");
        Require(JepaRampSteps >= 1, "jepa-ramp-steps", JepaRampSteps, "must be positive");
        Require(Enum.IsDefined(Parametrization), "parametrization", Parametrization, "must be sp or mup");
        Require(MupBaseWidth >= 0, "mup-base-width", MupBaseWidth, "must be positive (0 = the default base width)");
        Require(JepaWeight >= 0f && float.IsFinite(JepaWeight), "jepa-weight", JepaWeight, "must be ≥ 0");
    }

    private static void Require(bool ok, string field, object value, string rule)
    {
        if (!ok) throw new ArgumentException($"{field}: {value} {rule}");
    }

    public static NormKind ParseNorm(string name) => name.ToLowerInvariant() switch
    {
        "layernorm" => NormKind.LayerNorm,
        "rmsnorm" => NormKind.RmsNorm,
        _ => throw new ArgumentException($"norm: unknown normalisation '{name}'; known: layernorm, rmsnorm"),
    };

    public static ActivationKind ParseActivation(string name) => name.ToLowerInvariant() switch
    {
        "gelu" => ActivationKind.Gelu,
        "relu2" => ActivationKind.ReluSquared,
        _ => throw new ArgumentException($"activation: unknown activation '{name}'; known: gelu, relu2"),
    };

    public static PositionKind ParsePositions(string name) => name.ToLowerInvariant() switch
    {
        "learned" => PositionKind.Learned,
        "rope" => PositionKind.Rope,
        "learned+rope" => PositionKind.LearnedAndRope,
        _ => throw new ArgumentException($"positions: unknown position encoding '{name}'; known: learned, rope, learned+rope"),
    };
}
