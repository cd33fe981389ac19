namespace Needle.Training.Models.Registry;

/// <summary>Every architecture setting a family may read (see <see cref="ModelFamily.Reads"/>).</summary>
public static class ModelOptions
{
    public static readonly ModelOption DModel = new("d-model", c => c.DModel);
    public static readonly ModelOption Ctx = new("ctx", c => c.Ctx);
    public static readonly ModelOption Vocab = new("vocab", c => c.Vocab);
    public static readonly ModelOption Hidden = new("hidden", c => c.HiddenWidth);
    public static readonly ModelOption MlpRatio = new("mlp-ratio", c => c.MlpRatio);
    public static readonly ModelOption Format = new("format", c => c.Format);
    public static readonly ModelOption Nca = new("nca", c => c.NcaWeight);
    public static readonly ModelOption EmbeddingInitScale = new("embedding-init-scale", c => c.EmbeddingInitScale);
    public static readonly ModelOption HiddenInitScale = new("hidden-init-scale", c => c.HiddenInitScale);

    public static readonly ModelOption Parametrization = new("parametrization", c => c.Parametrization);
    public static readonly ModelOption MupBaseWidth = new("mup-base-width", c => c.MupBaseWidth, OnlyWith: Parametrization);

    public static readonly ModelOption Layers = new("layers", c => c.Layers);
    public static readonly ModelOption Heads = new("heads", c => c.Heads);
    public static readonly ModelOption Norm = new("norm", c => c.Norm);
    public static readonly ModelOption Activation = new("activation", c => c.Activation);
    public static readonly ModelOption Positions = new("positions", c => c.Positions);
    public static readonly ModelOption Untied = new("untied", c => !c.TiedReadout);
    public static readonly ModelOption ReadoutInitScale = new("readout-init-scale", c => c.ReadoutInitScale, OnlyWith: Untied);
    public static readonly ModelOption Dropout = new("dropout", c => c.Dropout);
    public static readonly ModelOption QkGain = new("qk-gain", c => c.QkGain);

    public static readonly ModelOption NgramK = new("ngram-k", c => c.NgramK);
    public static readonly ModelOption NgramFrozen = new("ngram-frozen", c => !c.NgramMixLearnable);
    public static readonly ModelOption NgramAct = new("ngram-act", c => c.NgramReluSquared);

    public static readonly ModelOption JepaMask = new("jepa-mask", c => c.JepaMaskRatio);
    public static readonly ModelOption JepaWeight = new("jepa-weight", c => c.JepaWeight);
    public static readonly ModelOption JepaEmaStart = new("jepa-ema-start", c => c.JepaEmaStart);
    public static readonly ModelOption JepaEmaEnd = new("jepa-ema-end", c => c.JepaEmaEnd);
    public static readonly ModelOption JepaRampSteps = new("jepa-ramp-steps", c => c.JepaRampSteps);

    /// <summary>All of them, in declaration order.</summary>
    public static IReadOnlyList<ModelOption> All { get; } =
    [
        DModel, Ctx, Vocab, Hidden, MlpRatio, Format, Nca, EmbeddingInitScale, HiddenInitScale, ReadoutInitScale,
        Parametrization, MupBaseWidth,
        Layers, Heads, Norm, Activation, Positions, Untied, Dropout, QkGain, NgramK, NgramFrozen, NgramAct,
        JepaMask, JepaWeight, JepaEmaStart, JepaEmaEnd, JepaRampSteps,
    ];

    /// <summary>The option of that name (CLI spelling or trial-key spelling with '_'), or null.</summary>
    public static ModelOption? Find(string name)
    {
        var dashed = name.Replace('_', '-');
        return All.FirstOrDefault(o => string.Equals(o.Name, dashed, StringComparison.OrdinalIgnoreCase));
    }
}
