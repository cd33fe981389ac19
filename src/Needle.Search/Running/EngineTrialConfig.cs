using System.Globalization;
using Needle.Search.Study;
using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Optim;
using Needle.Training.Run;

namespace Needle.Search.Running;

/// <summary>
/// Turns a trial's text config (<see cref="TrialSpec.Config"/>, name → invariant-culture value) into the engine's typed
/// <see cref="TrainConfig"/>. Unknown keys are errors (a misspelt lever must never silently run the default).
/// <c>steps</c> is the schedule's horizon (the learning-rate schedule needs it; default: the ladder's last rung);
/// the seed comes from the spec; <c>model</c> and <c>format</c> default to the canon name's and must agree with it; a
/// model setting the family does not read (e.g. <c>layers</c> for TRAIN_V2) is refused naming the key and the family.
/// </summary>
public static class EngineTrialConfig
{
    /// <summary>Every key a trial config may use.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "model", "d_model", "layers", "heads", "ctx", "hidden", "format", "nca", "batch", "steps", "lr", "schedule",
        "warmup", "weight_ema", "eval_windows", "threads", "weight_decay", "dropout", "qk_gain", "ngram_k",
        "parametrization", "mup_base_width", "curriculum",
        // V1's proxy-width keys (Accelerators/Mup/MupProxyWidth): search annotations, not levers. The engine trains
        // at d_model either way; with V1 off a declared proxy width is inert and the race tunes at full width.
        "mup_proxy_width", "mup_target_width",
    ];

    /// <summary>Default validation windows of a cadence report (a seeded sample; the final report uses the whole split).</summary>
    public const int DefaultEvalWindows = 64;

    /// <summary>The race's own defaults where they differ from <c>needle train</c>'s (every other default is
    /// <see cref="TrainConfig.Defaults"/> / <see cref="ModelConfig.Defaults"/>): a cosine schedule, which the GATE-0
    /// plan's runs were registered with, and one thread per trial, since a race runs trials side by side (results are
    /// identical for any thread count).</summary>
    public const string RaceSchedule = "cosine";

    /// <inheritdoc cref="RaceSchedule"/>
    public const int RaceThreads = 1;

    private static ModelConfig M => ModelConfig.Defaults;
    private static TrainConfig D => TrainConfig.Defaults;

    public static TrainConfig From(TrialSpec spec, long defaultSteps = 2000)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var unknown = spec.Config.Keys.Where(k => !Keys.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"trial '{spec.CanonName}': unknown config key(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Keys)}");
        var c = spec.Config;
        Needle.Core.Canon.CanonName.TryParse(spec.CanonName, out var canon, out _);
        var family = Family(spec, canon);
        var format = Text(c, "format", canon?.Format ?? "FP32");
        if (canon is not null && !string.Equals(format, canon.Format, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"trial '{spec.CanonName}': format = '{format}' contradicts the canon name's format {canon.Format}; the name and the config must agree");
        foreach (var key in c.Keys)
            if (ModelOptions.Find(key) is { } setting && !family.ReadsOption(setting))
                throw new ArgumentException($"trial '{spec.CanonName}': {family.NotRead(setting, key).Message}");
        var model = new ModelConfig
        {
            Model = family.Name,
            DModel = Int(spec, "d_model", M.DModel),
            Layers = Int(spec, "layers", M.Layers),
            Heads = Int(spec, "heads", M.Heads),
            Ctx = Int(spec, "ctx", M.Ctx),
            HiddenWidth = Int(spec, "hidden", M.HiddenWidth),
            Format = format.ToUpperInvariant(),
            NcaWeight = (float)Real(spec, "nca", M.NcaWeight),
            Dropout = (float)Real(spec, "dropout", M.Dropout),
            QkGain = (float)Real(spec, "qk_gain", M.QkGain),
            NgramK = Int(spec, "ngram_k", M.NgramK),
            Parametrization = Parametrization(spec),
            MupBaseWidth = Int(spec, "mup_base_width", M.MupBaseWidth),
        };
        var config = new TrainConfig
        {
            Model = model,
            Batch = Int(spec, "batch", D.Batch),
            Steps = Int(spec, "steps", (int)Math.Min(int.MaxValue, defaultSteps)),
            Seed = spec.Seed,
            Lr = (float)Real(spec, "lr", D.Lr),
            Schedule = Schedule(spec),
            WarmupSteps = Int(spec, "warmup", D.WarmupSteps),
            WeightEmaDecay = (float)Real(spec, "weight_ema", D.WeightEmaDecay),
            WeightDecay = (float)Real(spec, "weight_decay", D.WeightDecay),
            EvalEvery = 0, // the runner evaluates on the race's cadence itself
            EvalWindows = Int(spec, "eval_windows", DefaultEvalWindows),
            Threads = Int(spec, "threads", RaceThreads),
            Curriculum = Curriculum(spec),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"trial '{spec.CanonName}': {e.Message}", e);
        }
        return config;
    }

    /// <summary>The canon model whose runs train HYBRID with the NCA loss.</summary>
    public const string NcaCanonModel = "NCA";

    /// <summary>
    /// The trial's family: its <c>model</c> key, else its canon name's model. Both given: they must name the same
    /// family (ATTN is the engine's attn), else the trial fails naming both.
    /// </summary>
    private static ModelFamily Family(TrialSpec spec, Needle.Core.Canon.CanonName? canon)
    {
        ModelFamily Resolve(string name, string from)
        {
            try { return ModelFamilies.Get(name); }
            catch (ArgumentException e) { throw new ArgumentException($"trial '{spec.CanonName}': {from}: {e.Message}", e); }
        }
        // An NCA name is the HYBRID family trained with the NCA entropy-band loss (the GATE-0 plan's NCA GRADFIX runs):
        // the name promises that loss, so it must be on.
        if (canon?.Model == NcaCanonModel && !(Real(spec, "nca", 0) > 0))
            throw new ArgumentException($"trial '{spec.CanonName}': an NCA name trains HYBRID with the NCA loss; set nca > 0 (e.g. 0.25)");
        var fromName = canon is null ? null : Resolve(canon.Model == NcaCanonModel ? "HYBRID" : canon.Model, "canon name");
        if (!spec.Config.TryGetValue("model", out var key)) return fromName ?? ModelFamilies.Attn;
        var fromKey = Resolve(key, "model key");
        if (fromName is not null && fromName != fromKey)
            throw new ArgumentException($"trial '{spec.CanonName}': model = '{key}' contradicts the canon name's model {canon!.Model}; the name and the config must agree");
        return fromKey;
    }

    /// <summary>The parametrization key (sp | mup), parsed as <c>needle train --parametrization</c> parses it.</summary>
    private static Parametrization Parametrization(TrialSpec spec)
    {
        try { return MupScaling.Parse(Text(spec.Config, "parametrization", "sp")); }
        catch (ArgumentException e) { throw new ArgumentException($"trial '{spec.CanonName}': {e.Message}", e); }
    }

    /// <summary>The schedule key, parsed as <c>needle train --schedule</c> parses it.</summary>
    private static ScheduleKind Schedule(TrialSpec spec)
    {
        try { return LearningRateSchedule.Parse(Text(spec.Config, "schedule", RaceSchedule)); }
        catch (ArgumentException e) { throw new ArgumentException($"trial '{spec.CanonName}': {e.Message}", e); }
    }

    /// <summary>The curriculum key (V7), parsed as <c>needle train --curriculum</c> parses it; absent = off.</summary>
    private static Needle.Training.Curriculum.CurriculumSpec? Curriculum(TrialSpec spec)
    {
        try { return Needle.Training.Curriculum.CurriculumSpec.Parse(Text(spec.Config, "curriculum", Needle.Training.Curriculum.CurriculumSpec.OffText)); }
        catch (ArgumentException e) { throw new ArgumentException($"trial '{spec.CanonName}': {e.Message}", e); }
    }

    private static string Text(IReadOnlyDictionary<string, string> c, string key, string fallback) =>
        c.TryGetValue(key, out var v) ? v : fallback;

    private static int Int(TrialSpec spec, string key, int fallback) =>
        !spec.Config.TryGetValue(key, out var v) ? fallback
        : int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
        : throw new ArgumentException($"trial '{spec.CanonName}': {key} = '{v}' is not an integer");

    private static double Real(TrialSpec spec, string key, double fallback) =>
        !spec.Config.TryGetValue(key, out var v) ? fallback
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
        : throw new ArgumentException($"trial '{spec.CanonName}': {key} = '{v}' is not a number");
}
