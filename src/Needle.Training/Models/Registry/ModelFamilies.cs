using Needle.Training.Models.Families;
using static Needle.Training.Models.Registry.ModelOptions;

namespace Needle.Training.Models.Registry;

/// <summary>
/// The registry of model families: the one place that maps a name to a family, the settings it reads and its
/// factory (docs/model-families.md lists them). Unknown names are errors naming the known ones.
/// </summary>
public static class ModelFamilies
{
    private static readonly ModelOption[] Common = [DModel, Ctx, Vocab, Hidden, MlpRatio, Format, Nca, EmbeddingInitScale, HiddenInitScale, ModelOptions.Parametrization, MupBaseWidth];
    private static readonly ModelOption[] Ngram = [NgramK, NgramFrozen];
    private static readonly ModelOption[] HybridReads = [.. Common, .. Ngram, ModelOptions.Layers, Heads, Norm, Untied, ReadoutInitScale, Dropout, QkGain];

    public static readonly ModelFamily Attn = new("attn", ["ATTN"],
        [.. Common, ReadoutInitScale, ModelOptions.Layers, Heads, Norm, Activation, Positions, Untied, Dropout],
        (c, b, s, p) => new AttnModel(c, b, s, p));

    public static readonly ModelFamily TrainV2 = new(FamilyNames.TrainV2, [], [.. Common, .. Ngram, NgramAct],
        (c, b, s, p) => new TrainV2Model(c, b, s, p));

    public static readonly ModelFamily Hybrid = new(FamilyNames.Hybrid, [], HybridReads,
        (c, b, s, p) => new HybridModel(c, b, s, p));

    public static readonly ModelFamily JepaT = new(FamilyNames.JepaT, [], [.. HybridReads, JepaMask, JepaWeight, JepaEmaStart, JepaEmaEnd, JepaRampSteps],
        (c, b, s, p) => new JepaTModel(c, b, s, p));

    public static IReadOnlyList<ModelFamily> All { get; } = [Attn, TrainV2, Hybrid, JepaT];

    /// <summary>The canon names, as <see cref="ModelConfig.Model"/> holds them.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    /// <summary>The family a name or alias (any case) denotes, or null.</summary>
    public static ModelFamily? Find(string name) => All.FirstOrDefault(f => f.Answers(name));

    /// <summary>The family a name or alias denotes; an unknown name throws naming the known ones.</summary>
    public static ModelFamily Get(string name) => Find(name) ?? throw new ArgumentException($"model: {Unknown(name)}");

    /// <summary>"unknown model 'lstm'; known: attn (= ATTN), …".</summary>
    public static string Unknown(string name) => $"unknown model '{name}'; known: {string.Join(", ", All.Select(Describe))}";

    private static string Describe(ModelFamily f) => f.Aliases.Count == 0 ? f.Name : $"{f.Name} (= {string.Join(", ", f.Aliases)})";
}
