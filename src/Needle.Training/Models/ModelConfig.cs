using Needle.Training.Layers;

namespace Needle.Training.Models;

/// <summary>How positions enter the model: learned absolute embeddings, rotary (RoPE) in attention, or both.</summary>
public enum PositionKind { Learned, Rope, LearnedAndRope }

/// <summary>
/// The architecture of one model. Names from the command line go through <see cref="Parse"/>-style helpers that
/// reject unknown values (the upstream silently ran unknown names as defaults).
/// </summary>
public sealed record ModelConfig
{
    public static readonly IReadOnlyList<string> KnownModels = ["attn"];

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

    [System.Text.Json.Serialization.JsonIgnore] public int HeadSize => DModel / Heads;
    [System.Text.Json.Serialization.JsonIgnore] public int Hidden => DModel * MlpRatio;

    /// <summary>Throws with the offending field named when the configuration cannot describe a model.</summary>
    public void Validate()
    {
        if (!KnownModels.Contains(Model))
            throw new ArgumentException($"model: unknown model '{Model}'; known: {string.Join(", ", KnownModels)}");
        Require(DModel > 0, "d-model", DModel, "must be positive");
        Require(Layers > 0, "layers", Layers, "must be positive");
        Require(Heads > 0 && DModel % Heads == 0, "heads", Heads, $"must divide d-model {DModel}");
        Require(Ctx > 1, "ctx", Ctx, "must be at least 2");
        Require(Vocab is > 1 and <= 256, "vocab", Vocab, "must be in [2, 256] (byte tokens)");
        Require(MlpRatio > 0, "mlp-ratio", MlpRatio, "must be positive");
        Require(Positions == PositionKind.Learned || HeadSize % 2 == 0, "heads", Heads, "RoPE needs an even head size");
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
