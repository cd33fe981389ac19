namespace Needle.Training.Models.Registry;

/// <summary>Every architecture setting a family may read (see <see cref="ModelFamily.Reads"/>).</summary>
public static class ModelOptions
{
    public static readonly ModelOption DModel = new("d-model", "DModel", c => c.DModel);
    public static readonly ModelOption Ctx = new("ctx", "Ctx", c => c.Ctx);
    public static readonly ModelOption Vocab = new("vocab", "Vocab", c => c.Vocab);
    public static readonly ModelOption Hidden = new("hidden", "HiddenWidth", c => c.HiddenWidth);
    public static readonly ModelOption MlpRatio = new("mlp-ratio", "MlpRatio", c => c.MlpRatio);
    public static readonly ModelOption Format = new("format", "Format", c => c.Format);
    public static readonly ModelOption Nca = new("nca", "NcaWeight", c => c.NcaWeight);
    public static readonly ModelOption EmbeddingInitScale = new("embedding-init-scale", "EmbeddingInitScale", c => c.EmbeddingInitScale);
    public static readonly ModelOption HiddenInitScale = new("hidden-init-scale", "HiddenInitScale", c => c.HiddenInitScale);

    public static readonly ModelOption Parametrization = new("parametrization", "Parametrization", c => c.Parametrization);
    public static readonly ModelOption MupBaseWidth = new("mup-base-width", "MupBaseWidth", c => c.MupBaseWidth, OnlyWith: Parametrization);

    public static readonly ModelOption Layers = new("layers", "Layers", c => c.Layers);
    public static readonly ModelOption Heads = new("heads", "Heads", c => c.Heads);
    public static readonly ModelOption Norm = new("norm", "Norm", c => c.Norm);
    public static readonly ModelOption Activation = new("activation", "Attn.Activation", c => c.Attn.Activation);
    public static readonly ModelOption Positions = new("positions", "Attn.Positions", c => c.Attn.Positions);
    public static readonly ModelOption Untied = new("untied", "TiedReadout", c => !c.TiedReadout);
    public static readonly ModelOption ReadoutInitScale = new("readout-init-scale", "ReadoutInitScale", c => c.ReadoutInitScale, OnlyWith: Untied);
    public static readonly ModelOption Dropout = new("dropout", "Dropout", c => c.Dropout);
    public static readonly ModelOption QkGain = new("qk-gain", "Hybrid.QkGain", c => c.Hybrid.QkGain);

    public static readonly ModelOption NgramK = new("ngram-k", "Ngram.K", c => c.Ngram.K);
    public static readonly ModelOption NgramFrozen = new("ngram-frozen", "Ngram.MixLearnable", c => !c.Ngram.MixLearnable);
    public static readonly ModelOption NgramAct = new("ngram-act", "Ngram.ReluSquared", c => c.Ngram.ReluSquared);

    public static readonly ModelOption JepaMask = new("jepa-mask", "Jepa.MaskRatio", c => c.Jepa.MaskRatio);
    public static readonly ModelOption JepaWeight = new("jepa-weight", "Jepa.Weight", c => c.Jepa.Weight);
    public static readonly ModelOption JepaEmaStart = new("jepa-ema-start", "Jepa.EmaStart", c => c.Jepa.EmaStart);
    public static readonly ModelOption JepaEmaEnd = new("jepa-ema-end", "Jepa.EmaEnd", c => c.Jepa.EmaEnd);
    public static readonly ModelOption JepaRampSteps = new("jepa-ramp-steps", "Jepa.RampSteps", c => c.Jepa.RampSteps);

    /// <summary>All of them, in declaration order.</summary>
    public static IReadOnlyList<ModelOption> All { get; } =
    [
        DModel, Ctx, Vocab, Hidden, MlpRatio, Format, Nca, EmbeddingInitScale, HiddenInitScale, ReadoutInitScale,
        Parametrization, MupBaseWidth,
        Layers, Heads, Norm, Activation, Positions, Untied, Dropout, QkGain, NgramK, NgramFrozen, NgramAct,
        JepaMask, JepaWeight, JepaEmaStart, JepaEmaEnd, JepaRampSteps,
    ];

    /// <summary>The option stored in <see cref="ModelConfig"/>'s property <paramref name="property"/> (<c>Ngram.K</c>), or null.</summary>
    public static ModelOption? ForProperty(string property) => All.FirstOrDefault(o => o.Property == property);

    /// <summary>The option of that name (CLI spelling or trial-key spelling with '_'), or null.</summary>
    public static ModelOption? Find(string name)
    {
        var dashed = name.Replace('_', '-');
        return All.FirstOrDefault(o => string.Equals(o.Name, dashed, StringComparison.OrdinalIgnoreCase));
    }
}
