using System.Text.Json.Serialization;
using Needle.Training.Layers;
using Needle.Training.Models.Registry;

namespace Needle.Training.Models;

/// <summary>How positions enter the model: learned absolute embeddings, rotary (RoPE) in attention, or both.</summary>
public enum PositionKind { Learned, Rope, LearnedAndRope }

/// <summary>
/// The architecture of one model: the settings more than one family reads, and one option record per family-specific
/// concern (<see cref="Attn"/>, <see cref="Ngram"/>, <see cref="Hybrid"/>, <see cref="Jepa"/>). <see cref="Model"/>
/// names a family of <see cref="ModelFamilies"/>; a setting that family does not read must keep its default
/// (<see cref="Validate"/>). Its JSON is flat and field-for-field what it was before the option records existed
/// (<see cref="ModelConfigJson"/>), because config hashes of committed history and ledger rows are taken over it.
/// </summary>
[JsonConverter(typeof(ModelConfigJsonConverter))]
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
    public bool TiedReadout { get; init; } = true;

    /// <summary>Per-group initialisation multipliers (muP sets these); 1 = the defaults documented on <see cref="AttnModel"/>.</summary>
    public float EmbeddingInitScale { get; init; } = 1f;
    public float HiddenInitScale { get; init; } = 1f;
    public float ReadoutInitScale { get; init; } = 1f;

    /// <summary>Number format the matrices are fake-quantised into during training (a canon name from
    /// Needle.Training.Formats.NumberFormats; FP32 = no quantisation). Part of the run's canon name.</summary>
    public string Format { get; init; } = "FP32";

    /// <summary>Explicit hidden (MLP / up-projection) width; 0 = <see cref="DModel"/> · <see cref="MlpRatio"/>.</summary>
    public int HiddenWidth { get; init; }

    /// <summary>Weight of the NCA auxiliary loss (entropy band on hidden activations); 0 = off.</summary>
    public float NcaWeight { get; init; }

    /// <summary>Dropout probability on attention outputs and MLP activations while training (0 = off); the transformer stack reads it.</summary>
    public float Dropout { get; init; }

    /// <summary>SP (default) or muP (<see cref="MupScaling"/>).</summary>
    public Parametrization Parametrization { get; init; }

    /// <summary>muP's declared base width (the d_model at which muP equals SP); 0 = <see cref="MupScaling.DefaultBaseWidth"/>.
    /// Read only under muP.</summary>
    public int MupBaseWidth { get; init; }

    /// <summary>The attn family's own choices (activation, positions).</summary>
    public AttnOptions Attn { get; init; } = new();

    /// <summary>The n-gram mix of TRAIN_V2, HYBRID and JEPA-T.</summary>
    public NgramOptions Ngram { get; init; } = new();

    /// <summary>HYBRID's (and JEPA-T's) addition to the stack: the QK gain.</summary>
    public HybridOptions Hybrid { get; init; } = new();

    /// <summary>JEPA-T's latent-prediction objective.</summary>
    public JepaOptions Jepa { get; init; } = new();

    public int HeadSize => DModel / Heads;
    public int Hidden => HiddenWidth > 0 ? HiddenWidth : DModel * MlpRatio;

    /// <summary>Throws <see cref="ModelConfigException"/> naming the property when the configuration cannot describe a model.</summary>
    public void Validate()
    {
        var family = ModelFamilies.Find(Model) ?? throw new ModelConfigException(nameof(Model), ModelFamilies.Unknown(Model));
        if (family.Name != Model)
            throw new ModelConfigException(nameof(Model), $"'{Model}' is spelled '{family.Name}' in a config");
        family.RefuseUnread(this);
        Require(DModel > 0, nameof(DModel), DModel, "must be positive");
        Require(Layers > 0, nameof(Layers), Layers, "must be positive");
        bool attends = family.ReadsOption(ModelOptions.Heads);
        Require(!attends || (Heads > 0 && DModel % Heads == 0), nameof(Heads), Heads, $"must divide DModel {DModel}");
        Require(Ctx > 1, nameof(Ctx), Ctx, "must be at least 2");
        Require(Vocab is > 1 and <= 256, nameof(Vocab), Vocab, "must be in [2, 256] (byte tokens)");
        Require(MlpRatio > 0, nameof(MlpRatio), MlpRatio, "must be positive");
        Require(!attends || Attn.Positions == PositionKind.Learned || HeadSize % 2 == 0, nameof(Heads), Heads, "leaves an odd head size; RoPE needs an even one");
        Require(HiddenWidth >= 0, nameof(HiddenWidth), HiddenWidth, "must be positive (0 = DModel · MlpRatio)");
        Require(NcaWeight >= 0f && float.IsFinite(NcaWeight), nameof(NcaWeight), NcaWeight, "must be ≥ 0");
        Require(Formats.NumberFormats.IsKnown(Format), nameof(Format), Format, $"is not a number format; known: {string.Join(", ", Formats.NumberFormats.Names)}");
        if (Format == Formats.NumberFormats.Gf16Name && Hidden < Needle.Core.Canon.DeployValidator.Gf16MinHidden)
            throw new ModelConfigException(nameof(Format),
                $"INV-3: GF16 needs a hidden width (HiddenWidth, else DModel · MlpRatio) ≥ {Needle.Core.Canon.DeployValidator.Gf16MinHidden}, got {Hidden}; raise it or train in another format");
        Require(Dropout is >= 0f and < 1f, nameof(Dropout), Dropout, "must be in [0, 1)");
        Require(Enum.IsDefined(Parametrization), nameof(Parametrization), Parametrization, "must be sp or mup");
        Require(MupBaseWidth >= 0, nameof(MupBaseWidth), MupBaseWidth, "must be positive (0 = the default base width)");
        Ngram.Validate();
        Hybrid.Validate();
        Jepa.Validate();
    }

    private static void Require(bool ok, string property, object value, string rule) => ModelConfigException.Require(ok, property, value, rule);

    public static NormKind ParseNorm(string name) => name.ToLowerInvariant() switch
    {
        "layernorm" => NormKind.LayerNorm,
        "rmsnorm" => NormKind.RmsNorm,
        _ => throw new ArgumentException($"unknown normalisation '{name}'; known: layernorm, rmsnorm"),
    };

    public static ActivationKind ParseActivation(string name) => name.ToLowerInvariant() switch
    {
        "gelu" => ActivationKind.Gelu,
        "relu2" => ActivationKind.ReluSquared,
        _ => throw new ArgumentException($"unknown activation '{name}'; known: gelu, relu2"),
    };

    public static PositionKind ParsePositions(string name) => name.ToLowerInvariant() switch
    {
        "learned" => PositionKind.Learned,
        "rope" => PositionKind.Rope,
        "learned+rope" => PositionKind.LearnedAndRope,
        _ => throw new ArgumentException($"unknown position encoding '{name}'; known: learned, rope, learned+rope"),
    };
}
