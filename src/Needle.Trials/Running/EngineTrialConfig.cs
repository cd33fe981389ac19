using System.Globalization;
using Needle.Search.Study;
using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Run;

namespace Needle.Search.Running;

/// <summary>
/// Turns a trial's text config (<see cref="TrialSpec.Config"/>, name → invariant-culture value) into the engine's typed
/// <see cref="TrainConfig"/> through <see cref="TrainSettings"/>, the binding <c>needle train</c> uses: the same
/// names (with '_' for '-'), parsing, defaults and validation. What a trial adds: <c>steps</c> (the schedule's horizon)
/// defaults to the ladder's last rung; the seed comes from the spec; <c>model</c> and <c>format</c> default to the canon
/// name's and must agree with it; the race validates on its own cadence and common sample, so a trial's config records
/// no periodic validation (<see cref="RaceEvalEvery"/>). Unknown keys, and settings the family does not read (e.g.
/// <c>layers</c> for TRAIN_V2), are errors naming the key (and the family).
/// </summary>
public static class EngineTrialConfig
{
    /// <summary>Settings a trial may not carry: its seed is its name's; the race, not the trainer, validates.</summary>
    private static readonly string[] NotTrialSettings = ["seed", "eval-every", "eval-windows"];

    /// <summary>Trial keys the trainer never reads (see <see cref="Keys"/>).</summary>
    private static readonly string[] SearchAnnotations = ["mup_proxy_width", "mup_target_width"];

    /// <summary>Every key a trial config may use (<see cref="TrainSettings.All"/> in trial spelling, less the seed and
    /// the trainer's own periodic validation).</summary>
    public static IReadOnlyList<string> Keys { get; } =
        TrainSettings.All.Where(s => !NotTrialSettings.Contains(s.Name)).Select(s => s.TrialKey)
            // V1's proxy-width keys (Accelerators/Mup/MupProxyWidth): search annotations, not levers. The engine trains
            // at d_model either way; with V1 off a declared proxy width is inert and the race tunes at full width.
            .Concat(SearchAnnotations).ToArray();

    /// <summary>A trial runs no periodic validation inside the trainer (<see cref="Trainer.RunUntil"/> never does; the
    /// runner reports on the race's cadence).</summary>
    public const int RaceEvalEvery = 0;

    /// <summary>Unread when <see cref="RaceEvalEvery"/> is 0; recorded as 64 (the race's former cadence sample) so the
    /// config hashes of committed trials (data/history, ledger rows) stay what they were.</summary>
    public const int RecordedEvalWindows = 64;

    public static TrainConfig From(TrialSpec spec, long defaultSteps = 2000)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var c = spec.Config;
        var unknown = c.Keys.Where(k => !Keys.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"trial '{spec.CanonName}': unknown config key(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Keys)}");
        Needle.Core.Canon.CanonName.TryParse(spec.CanonName, out var canon, out _);
        var family = Family(spec, canon);
        var format = c.TryGetValue("format", out var f) ? f : canon?.Format ?? ModelConfig.Defaults.Format;
        if (canon is not null && !string.Equals(format, canon.Format, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"trial '{spec.CanonName}': format = '{format}' contradicts the canon name's format {canon.Format}; the name and the config must agree");
        var settings = c.Where(p => p.Key is not ("model" or "format") && !SearchAnnotations.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        settings["model"] = family.Name;
        settings["format"] = format;
        settings.TryAdd("steps", Math.Min(int.MaxValue, defaultSteps).ToString(CultureInfo.InvariantCulture));
        try
        {
            var config = TrainSettings.Bind(settings) with
            {
                Seed = spec.Seed,
                EvalEvery = RaceEvalEvery,
                EvalWindows = RecordedEvalWindows,
            };
            config.Validate();
            return config;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"trial '{spec.CanonName}': {e.Message}", e);
        }
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

    private static double Real(TrialSpec spec, string key, double fallback) =>
        !spec.Config.TryGetValue(key, out var v) ? fallback
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
        : throw new ArgumentException($"trial '{spec.CanonName}': {key} = '{v}' is not a number");
}
