using System.Globalization;
using System.Text.Json;
using Needle.Core.Canon;
using Needle.Core.Contracts;
using Needle.Core.Rungs;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Training.Models.Families;

namespace Needle.Search.Plans;

/// <summary>
/// Reads a plan file, checks every field, and resolves it at a scale into the runs a study will hold. Errors name
/// the file, the field (JSON path or group) and what to write instead; the names are judged by the deploy validator.
/// </summary>
public static class PlanLoader
{
    /// <summary>The scale every plan has: the plan as written.</summary>
    public const string AsWritten = "plan";

    private static readonly JsonSerializerOptions Options = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Loads and validates <paramref name="path"/> (not yet scaled).</summary>
    public static PlanFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanFileException($"{path}: cannot read the plan file: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates plan text; <paramref name="path"/> names it in errors.</summary>
    public static PlanFile Parse(string text, string path)
    {
        // Fields, types, ranges and the policy's words are the contract schemas/plan.schema.json; the rules that
        // relate fields to each other or to the engine (scale names, config keys, canon names) are checked below.
        try
        {
            JsonContract.Require("plan", text, path);
        }
        catch (ContractException e)
        {
            throw new PlanFileException(e.Message, e);
        }
        PlanFile plan;
        try
        {
            plan = JsonSerializer.Deserialize<PlanFile>(text, Options) ?? throw new PlanFileException($"{path}: the file holds null, not a plan object");
        }
        catch (JsonException e)
        {
            throw new PlanFileException($"{path}:{(e.LineNumber ?? 0) + 1}: {e.Path}: {e.Message}", e);
        }
        Validate(plan, path);
        return plan;
    }

    private static void Validate(PlanFile p, string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        if (p.Name != stem) Fail(path, "name", $"is '{p.Name}' but the file is {stem}.json; make them equal");
        try
        {
            RungLadder.Explicit(p.Ladder, p.Eta);
        }
        catch (ArgumentException e)
        {
            Fail(path, "ladder", e.Message);
        }
        if (p.Scales.ContainsKey(AsWritten)) Fail(path, "scales.plan", "'plan' is scale 1 (the plan as written) and cannot be redefined");
        foreach (var key in new[] { ("default_scale", p.DefaultScale), ("smallest_scale", p.SmallestScale) })
            if (key.Item2 != AsWritten && !p.Scales.ContainsKey(key.Item2))
                Fail(path, key.Item1, $"names scale '{key.Item2}', which is not declared (declared: {string.Join(", ", ScaleNames(p))})");
        foreach (var (name, s) in p.Scales) CheckKeys(path, $"scales.{name}.overrides", s.Overrides);
        CheckKeys(path, "base", p.Base);
        for (var g = 0; g < p.Groups.Length; g++)
        {
            var group = p.Groups[g];
            var where = $"groups[{g}]";
            if (!CanonModel.IsKnown(group.CanonModel)) Fail(path, where + ".canon_model", $"'{group.CanonModel}' is not a canon model ({string.Join(", ", CanonModel.All)})");
            if (!CanonFormat.IsKnown(group.Format)) Fail(path, where + ".format", $"'{group.Format}' is not a canon format ({string.Join(", ", CanonFormat.All)})");
            CheckKeys(path, where + ".config", group.Config);
            var family = Family(p, group);
            var expected = group.CanonModel switch { "ATTN" => "attn", "NCA" => null, var m => m };
            if (expected is not null && !string.Equals(expected, family, StringComparison.Ordinal))
                Fail(path, where, $"canon model {group.CanonModel} but config model '{family}'; the name and the config must agree");
            if (group.Format != Text(p, group, "format", "FP32"))
                Fail(path, where, $"canon format {group.Format} but config format '{Text(p, group, "format", "FP32")}'; the name and the config must agree");
        }
        if (p.Policy == "hunt")
        {
            var actions = p.RungActions ?? [];
            if (actions.Length != p.Ladder.Length)
                Fail(path, "rung_actions", $"{actions.Length} actions for {p.Ladder.Length} rungs; declare one action per rung");
            for (var i = 0; i < actions.Length; i++)
            {
                if (actions[i].Rung != p.Ladder[i]) Fail(path, $"rung_actions[{i}].rung", $"{actions[i].Rung} is not rung {i} ({p.Ladder[i]})");
                if (!RungActionNames.ByName.ContainsKey(actions[i].Action))
                    Fail(path, $"rung_actions[{i}].action", $"'{actions[i].Action}' is unknown; use {string.Join(", ", RungActionNames.ByName.Keys)}");
            }
            if (actions.Length > 0 && RungActionNames.ByName[actions[^1].Action] != RungActionKind.GateEvaluation)
                Fail(path, $"rung_actions[{actions.Length - 1}]", "the last rung's action must be gate_evaluation");
        }
        else if (p.RungActions is { Length: > 0 })
            Fail(path, "rung_actions", $"only a 'hunt' plan has rung actions; policy '{p.Policy}' decides with ASHA");
    }

    /// <summary>Resolves <paramref name="plan"/> at <paramref name="scaleName"/> (null: its default scale).</summary>
    public static ResolvedPlan Resolve(PlanFile plan, string path, string? scaleName = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var name = scaleName ?? plan.DefaultScale;
        var scale = name == AsWritten ? PlanScale.AsWritten(plan.ReportEvery)
            : plan.Scales.TryGetValue(name, out var s) ? s
            : throw new PlanFileException($"{path}: scale '{name}' is not declared in scales; use one of {string.Join(", ", ScaleNames(plan))}");

        var rungs = new long[plan.Ladder.Length];
        for (var i = 0; i < rungs.Length; i++)
        {
            if (plan.Ladder[i] % scale.StepsDivisor != 0 || plan.Ladder[i] / scale.StepsDivisor % scale.ReportEvery != 0)
                Fail(path, $"scales.{name}", string.Create(CultureInfo.InvariantCulture,
                    $"rung {plan.Ladder[i]} ÷ {scale.StepsDivisor} is not a whole multiple of report_every {scale.ReportEvery}; choose divisors that keep every rung on the cadence"));
            rungs[i] = plan.Ladder[i] / scale.StepsDivisor;
        }
        var ladder = RungLadder.Explicit(rungs, plan.Eta);

        var runs = new List<PlannedRun>();
        foreach (var group in plan.Groups)
            for (var k = 0; k < group.Seeds.Length; k++)
                runs.Add(Run(plan, path, scale, ladder, group, k));
        var violations = DeployValidator.Validate(runs.Select(r => new DeployCandidate(r.Canon, r.Hidden)).ToList());
        if (violations.Count > 0)
            throw new PlanFileException($"{path} at scale '{name}': the deploy validator refuses {violations.Count} run(s): " +
                string.Join("; ", violations.Take(5).Select(v => $"{v.Name}: {v.Rule} ({v.Message})")));
        foreach (var (subset, names) in plan.Subsets ?? [])
        {
            var missing = names.Where(n => runs.All(r => r.Canon != n)).ToList();
            if (missing.Count > 0) Fail(path, $"subsets.{subset}", $"names runs the plan does not declare: {string.Join(", ", missing)}");
        }
        var actions = (plan.RungActions ?? []).Select((a, i) => new ResolvedRungAction(i, rungs[i], RungActionNames.ByName[a.Action], a.Count ?? 0)).ToList();
        return new ResolvedPlan(plan, path, name, scale, ladder, runs, actions);
    }

    private static PlannedRun Run(PlanFile plan, string path, PlanScale scale, RungLadder ladder, PlanGroup group, int k)
    {
        var config = new Dictionary<string, string>(plan.Base, StringComparer.Ordinal);
        foreach (var (key, value) in scale.Overrides ?? []) config[key] = value;
        foreach (var (key, value) in group.Config ?? []) config[key] = value;
        if (config.TryGetValue("hidden", out var h))
        {
            var hidden = int.Parse(h, CultureInfo.InvariantCulture);
            config["hidden"] = (hidden / scale.WidthDivisor).ToString(CultureInfo.InvariantCulture);
        }
        config["steps"] = ladder.Steps[^1].ToString(CultureInfo.InvariantCulture);
        // The warm-up is a step count like the ladder, so it scales with it.
        if (config.TryGetValue("warmup", out var w))
            config["warmup"] = (long.Parse(w, CultureInfo.InvariantCulture) / scale.StepsDivisor).ToString(CultureInfo.InvariantCulture);
        var seed = group.Seeds[k];
        var id = group.ExperimentId;
        var canon = new CanonName(group.CanonModel, group.Format, group.Tag, id, checked((int)seed), CanonForm.Seed).ToString();
        var spec = new TrialSpec(canon, seed, config);
        Needle.Training.Run.TrainConfig train;
        try
        {
            train = EngineTrialConfig.From(spec, ladder.Steps[^1]);
        }
        catch (ArgumentException e)
        {
            throw new PlanFileException($"{path}: {canon}: {e.Message}", e);
        }
        if (train.Model.Hidden <= 0) Fail(path, canon, "has no hidden width; declare 'hidden' in base or the group");
        var judging = FirstJudgingRung(plan, ladder);
        if (train.EffectiveWarmup > judging)
            Fail(path, canon, FormattableString.Invariant(
                $"its learning-rate warm-up ends at step {train.EffectiveWarmup} (default: 5% of {train.Steps} steps), after step {judging}, the first rung ") +
                "where the plan may stop a run: seeds would be ranked while still warming up (a high-lr canary looked best). " +
                "Declare 'warmup' (scaled with the ladder) at most that rung");
        return new PlannedRun(spec, train.Model.Hidden, train.Model.Model, id, group.Diverging);
    }

    /// <summary>
    /// The first rung at which the plan's policy may stop a run: rung 0 for ASHA and the smoke race; for the hunt, the
    /// first rung whose action is not <c>collect</c>. Every run's warm-up must be over by then (docs/plans-and-smoke-race.md).
    /// </summary>
    public static long FirstJudgingRung(PlanFile plan, RungLadder ladder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ladder);
        if (plan.Policy != "hunt") return ladder.Steps[0];
        var actions = plan.RungActions ?? [];
        for (var i = 0; i < actions.Length && i < ladder.Steps.Count; i++)
            if (RungActionNames.ByName.GetValueOrDefault(actions[i].Action) != RungActionKind.Collect) return ladder.Steps[i];
        return ladder.Steps[^1];
    }

    private static string Family(PlanFile p, PlanGroup g) => Text(p, g, "model", "attn");

    private static string Text(PlanFile p, PlanGroup g, string key, string fallback) =>
        g.Config is not null && g.Config.TryGetValue(key, out var v) ? v : p.Base.TryGetValue(key, out var b) ? b : fallback;

    private static void CheckKeys(string path, string where, Dictionary<string, string>? config)
    {
        var unknown = (config?.Keys ?? Enumerable.Empty<string>()).Where(k => !EngineTrialConfig.Keys.Contains(k)).ToList();
        if (unknown.Count > 0)
            Fail(path, where, $"unknown config key(s) {string.Join(", ", unknown)}; known: {string.Join(", ", EngineTrialConfig.Keys)}");
        if (config is not null && config.ContainsKey("steps"))
            Fail(path, where, "'steps' is set from the ladder's last rung; remove it");
        if (config is not null && config.TryGetValue("model", out var m) && m != "attn" && m != FamilyNames.Hybrid && m != FamilyNames.TrainV2 && m != FamilyNames.JepaT)
            Fail(path, where + ".model", $"'{m}' is not a family; use attn, {FamilyNames.Hybrid}, {FamilyNames.TrainV2} or {FamilyNames.JepaT}");
    }

    private static IEnumerable<string> ScaleNames(PlanFile p) => p.Scales.Keys.Prepend(AsWritten);

    private static void Fail(string path, string field, string what) => throw new PlanFileException($"{path}: {field}: {what}");
}
