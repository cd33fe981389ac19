using System.Globalization;
using Needle.Training.Curriculum;
using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Optim;
using static Needle.Training.Models.Registry.ModelOptions;

namespace Needle.Training.Run;

/// <summary>
/// The one binding of named settings to a <see cref="TrainConfig"/>, shared by <c>needle train</c> (its options) and a
/// race trial (its config keys): same names, same parsing, same defaults (<see cref="TrainConfig.Defaults"/>), same
/// validation. A setting the chosen family does not read is refused naming the setting and the family; an unknown
/// name or a text that does not parse is refused naming the setting.
/// </summary>
public static class TrainSettings
{
    /// <summary>Every setting, architecture settings first (one per <see cref="ModelOptions.All"/>), then the run's.</summary>
    public static IReadOnlyList<TrainSetting> All { get; } =
    [
        new("model", (c, v) => c with { Model = c.Model with { Model = ModelFamilies.Get(v).Name } }),
        Arch(DModel, (m, v) => m with { DModel = Int(v) }),
        Arch(Ctx, (m, v) => m with { Ctx = Int(v) }),
        Arch(Vocab, (m, v) => m with { Vocab = Int(v) }),
        Arch(Hidden, (m, v) => m with { HiddenWidth = Int(v) }),
        Arch(MlpRatio, (m, v) => m with { MlpRatio = Int(v) }),
        Arch(Format, (m, v) => m with { Format = v.ToUpperInvariant() }),
        Arch(Nca, (m, v) => m with { NcaWeight = Real(v) }),
        Arch(EmbeddingInitScale, (m, v) => m with { EmbeddingInitScale = Real(v) }),
        Arch(HiddenInitScale, (m, v) => m with { HiddenInitScale = Real(v) }),
        Arch(ReadoutInitScale, (m, v) => m with { ReadoutInitScale = Real(v) }),
        Arch(ModelOptions.Parametrization, (m, v) => m with { Parametrization = MupScaling.Parse(v) }),
        Arch(MupBaseWidth, (m, v) => m with { MupBaseWidth = Int(v) }),
        Arch(ModelOptions.Layers, (m, v) => m with { Layers = Int(v) }),
        Arch(Heads, (m, v) => m with { Heads = Int(v) }),
        Arch(Norm, (m, v) => m with { Norm = ModelConfig.ParseNorm(v) }),
        Arch(Activation, (m, v) => m with { Attn = m.Attn with { Activation = ModelConfig.ParseActivation(v) } }),
        Arch(Positions, (m, v) => m with { Attn = m.Attn with { Positions = ModelConfig.ParsePositions(v) } }),
        Arch(Untied, (m, v) => m with { TiedReadout = !Bool(v) }),
        Arch(Dropout, (m, v) => m with { Dropout = Real(v) }),
        Arch(QkGain, (m, v) => m with { Hybrid = m.Hybrid with { QkGain = Real(v) } }),
        Arch(NgramK, (m, v) => m with { Ngram = m.Ngram with { K = Int(v) } }),
        Arch(NgramFrozen, (m, v) => m with { Ngram = m.Ngram with { MixLearnable = !Bool(v) } }),
        Arch(NgramAct, (m, v) => m with { Ngram = m.Ngram with { ReluSquared = NgramActivation(v) } }),
        Arch(JepaMask, (m, v) => m with { Jepa = m.Jepa with { MaskRatio = Real(v) } }),
        Arch(JepaWeight, (m, v) => m with { Jepa = m.Jepa with { Weight = Real(v) } }),
        Arch(JepaEmaStart, (m, v) => m with { Jepa = m.Jepa with { EmaStart = Real(v) } }),
        Arch(JepaEmaEnd, (m, v) => m with { Jepa = m.Jepa with { EmaEnd = Real(v) } }),
        Arch(JepaRampSteps, (m, v) => m with { Jepa = m.Jepa with { RampSteps = Int(v) } }),

        new("batch", (c, v) => c with { Batch = Int(v) }),
        new("steps", (c, v) => c with { Steps = Int(v) }),
        new("seed", (c, v) => c with { Seed = ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw Expected("a non-negative integer", v) }),
        new("optimizer", (c, v) => c with { Optimizer = v.ToLowerInvariant() }),
        new("lr", (c, v) => c with { Lr = Real(v) }),
        new("beta1", (c, v) => c with { Beta1 = Real(v) }),
        new("beta2", (c, v) => c with { Beta2 = Real(v) }),
        new("epsilon", (c, v) => c with { Epsilon = Real(v) }),
        new("weight-decay", (c, v) => c with { WeightDecay = Real(v) }),
        new("momentum", (c, v) => c with { Momentum = Real(v) }),
        new("grad-clip", (c, v) => c with { GradClip = Real(v) }),
        new("schedule", (c, v) => c with { Schedule = LearningRateSchedule.Parse(v) }),
        new("warmup", (c, v) => c with { WarmupSteps = Int(v) }),
        new("min-lr-fraction", (c, v) => c with { MinLrFraction = Real(v) }),
        new("decay-fraction", (c, v) => c with { DecayFraction = Real(v) }),
        new("eval-every", (c, v) => c with { EvalEvery = Int(v) }),
        new("eval-windows", (c, v) => c with { EvalWindows = Int(v) }),
        new("weight-ema", (c, v) => c with { WeightEmaDecay = Real(v) }),
        new("threads", (c, v) => c with { Threads = Int(v) }),
        new("curriculum", (c, v) => c with { Curriculum = CurriculumSpec.Parse(v) }),
    ];

    /// <summary>The setting a spelling names (<c>--d-model</c>, <c>d-model</c>, <c>d_model</c>), or null.</summary>
    public static TrainSetting? Find(string spelling) => All.FirstOrDefault(s => s.Answers(spelling));

    /// <summary>
    /// The validated config of the given settings (name as spelled, text), every other setting at its default.
    /// Throws <see cref="ArgumentException"/> naming the setting as spelled: unknown, given twice, not read by the
    /// family (<c>model</c>, default attn), or a text that does not parse; then whatever <see cref="TrainConfig.Validate"/> refuses.
    /// </summary>
    public static TrainConfig Bind(IEnumerable<KeyValuePair<string, string>> given)
    {
        var pairs = given.ToList();
        var unknown = pairs.Where(p => Find(p.Key) is null).Select(p => p.Key).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown setting(s) {string.Join(", ", unknown)}; known: {string.Join(", ", All.Select(s => s.Name))}");
        var bySetting = new Dictionary<TrainSetting, KeyValuePair<string, string>>();
        foreach (var p in pairs)
            if (!bySetting.TryAdd(Find(p.Key)!, p))
                throw new ArgumentException($"{p.Key}: given twice (also as {bySetting[Find(p.Key)!].Key})");
        var config = TrainConfig.Defaults;
        // In table order (the family first), so the result does not depend on the order the settings were given in.
        foreach (var setting in All)
        {
            if (!bySetting.TryGetValue(setting, out var p)) continue;
            var family = ModelFamilies.Get(config.Model.Model);
            if (setting.Architecture is { } option && !family.ReadsOption(option)) throw family.NotRead(option, p.Key);
            try
            {
                config = setting.Apply(config, p.Value);
            }
            catch (ArgumentException e) when (!e.Message.StartsWith(p.Key, StringComparison.Ordinal) && !e.Message.StartsWith(setting.Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{p.Key}: {e.Message}", e);
            }
        }
        try
        {
            config.Validate();
        }
        catch (ModelConfigException e) when (ModelOptions.ForProperty(e.Property) is { } option)
        {
            // ModelConfig names its property (Ngram.K); the user named the setting, so say it their way.
            var spelled = pairs.FirstOrDefault(p => Find(p.Key)?.Architecture == option).Key ?? option.Name;
            throw new ArgumentException($"{spelled}: {e.Problem}", e);
        }
        return config;
    }

    private static TrainSetting Arch(ModelOption option, Func<ModelConfig, string, ModelConfig> apply) =>
        new(option.Name, (c, v) => c with { Model = apply(c.Model, v) }, option);

    private static int Int(string v) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw Expected("an integer", v);

    private static float Real(string v) =>
        float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : throw Expected("a number", v);

    private static bool Bool(string v) =>
        bool.TryParse(v, out var b) ? b : throw Expected("true or false", v);

    private static bool NgramActivation(string v) => v.ToLowerInvariant() switch
    {
        "relu" => false,
        "relu2" => true,
        _ => throw new ArgumentException($"unknown activation '{v}'; known: relu, relu2"),
    };

    private static ArgumentException Expected(string what, string v) => new($"'{v}' is not {what}");
}
