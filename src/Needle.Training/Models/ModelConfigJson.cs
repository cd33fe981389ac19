using System.Text.Json;
using System.Text.Json.Serialization;
using Needle.Training.Layers;

namespace Needle.Training.Models;

/// <summary>
/// The serialised form of <see cref="ModelConfig"/>: flat, with these properties in this order, exactly as
/// ModelConfig itself was before the per-family option records. A config's hash is SHA-256 of its JSON
/// (<c>TrainConfig.Hash</c>) and committed history and ledger rows are keyed by it, so this shape may only grow by
/// fields omitted at their default (as <see cref="Parametrization"/> and <see cref="MupBaseWidth"/> are);
/// <c>CommittedConfigHashTests</c> recomputes every stored hash from its config.
/// </summary>
internal sealed record ModelConfigJson
{
    public string Model { get; init; } = ModelConfig.Defaults.Model;
    public int DModel { get; init; } = ModelConfig.Defaults.DModel;
    public int Layers { get; init; } = ModelConfig.Defaults.Layers;
    public int Heads { get; init; } = ModelConfig.Defaults.Heads;
    public int Ctx { get; init; } = ModelConfig.Defaults.Ctx;
    public int Vocab { get; init; } = ModelConfig.Defaults.Vocab;
    public int MlpRatio { get; init; } = ModelConfig.Defaults.MlpRatio;
    public NormKind Norm { get; init; } = ModelConfig.Defaults.Norm;
    public ActivationKind Activation { get; init; } = ModelConfig.Defaults.Attn.Activation;
    public PositionKind Positions { get; init; } = ModelConfig.Defaults.Attn.Positions;
    public bool TiedReadout { get; init; } = ModelConfig.Defaults.TiedReadout;
    public float EmbeddingInitScale { get; init; } = ModelConfig.Defaults.EmbeddingInitScale;
    public float HiddenInitScale { get; init; } = ModelConfig.Defaults.HiddenInitScale;
    public float ReadoutInitScale { get; init; } = ModelConfig.Defaults.ReadoutInitScale;
    public string Format { get; init; } = ModelConfig.Defaults.Format;
    public int HiddenWidth { get; init; } = ModelConfig.Defaults.HiddenWidth;
    public int NgramK { get; init; } = ModelConfig.Defaults.Ngram.K;
    public bool NgramMixLearnable { get; init; } = ModelConfig.Defaults.Ngram.MixLearnable;
    public bool NgramReluSquared { get; init; } = ModelConfig.Defaults.Ngram.ReluSquared;
    public float QkGain { get; init; } = ModelConfig.Defaults.Hybrid.QkGain;
    public float NcaWeight { get; init; } = ModelConfig.Defaults.NcaWeight;
    public float JepaMaskRatio { get; init; } = ModelConfig.Defaults.Jepa.MaskRatio;
    public float JepaEmaStart { get; init; } = ModelConfig.Defaults.Jepa.EmaStart;
    public float JepaEmaEnd { get; init; } = ModelConfig.Defaults.Jepa.EmaEnd;
    public int JepaRampSteps { get; init; } = ModelConfig.Defaults.Jepa.RampSteps;
    public float Dropout { get; init; } = ModelConfig.Defaults.Dropout;
    public float JepaWeight { get; init; } = ModelConfig.Defaults.Jepa.Weight;

    /// <summary>Omitted when SP, so every config hash from before muP existed is unchanged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Parametrization Parametrization { get; init; }

    /// <summary>Omitted when 0 (the default base width), likewise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MupBaseWidth { get; init; }

    public static ModelConfigJson From(ModelConfig c) => new()
    {
        Model = c.Model, DModel = c.DModel, Layers = c.Layers, Heads = c.Heads, Ctx = c.Ctx, Vocab = c.Vocab, MlpRatio = c.MlpRatio,
        Norm = c.Norm, Activation = c.Attn.Activation, Positions = c.Attn.Positions, TiedReadout = c.TiedReadout,
        EmbeddingInitScale = c.EmbeddingInitScale, HiddenInitScale = c.HiddenInitScale, ReadoutInitScale = c.ReadoutInitScale,
        Format = c.Format, HiddenWidth = c.HiddenWidth,
        NgramK = c.Ngram.K, NgramMixLearnable = c.Ngram.MixLearnable, NgramReluSquared = c.Ngram.ReluSquared,
        QkGain = c.Hybrid.QkGain, NcaWeight = c.NcaWeight,
        JepaMaskRatio = c.Jepa.MaskRatio, JepaEmaStart = c.Jepa.EmaStart, JepaEmaEnd = c.Jepa.EmaEnd, JepaRampSteps = c.Jepa.RampSteps,
        Dropout = c.Dropout, JepaWeight = c.Jepa.Weight, Parametrization = c.Parametrization, MupBaseWidth = c.MupBaseWidth,
    };

    public ModelConfig ToConfig() => new()
    {
        Model = Model, DModel = DModel, Layers = Layers, Heads = Heads, Ctx = Ctx, Vocab = Vocab, MlpRatio = MlpRatio,
        Norm = Norm, TiedReadout = TiedReadout,
        EmbeddingInitScale = EmbeddingInitScale, HiddenInitScale = HiddenInitScale, ReadoutInitScale = ReadoutInitScale,
        Format = Format, HiddenWidth = HiddenWidth, NcaWeight = NcaWeight, Dropout = Dropout,
        Parametrization = Parametrization, MupBaseWidth = MupBaseWidth,
        Attn = new AttnOptions { Activation = Activation, Positions = Positions },
        Ngram = new NgramOptions { K = NgramK, MixLearnable = NgramMixLearnable, ReluSquared = NgramReluSquared },
        Hybrid = new HybridOptions { QkGain = QkGain },
        Jepa = new JepaOptions { MaskRatio = JepaMaskRatio, EmaStart = JepaEmaStart, EmaEnd = JepaEmaEnd, RampSteps = JepaRampSteps, Weight = JepaWeight },
    };
}

/// <summary>Reads and writes <see cref="ModelConfig"/> as <see cref="ModelConfigJson"/>, under the caller's naming options.</summary>
internal sealed class ModelConfigJsonConverter : JsonConverter<ModelConfig>
{
    public override ModelConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (JsonSerializer.Deserialize<ModelConfigJson>(ref reader, options) ?? throw new JsonException("a model config is null")).ToConfig();

    public override void Write(Utf8JsonWriter writer, ModelConfig value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, ModelConfigJson.From(value), options);
}
