using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Needle.Core.Gates;

/// <summary>
/// The pre-registered analysis plan (assertions/preregistration.json): α, effect size, μ0, seeds, stop rule,
/// holdout fold, embargo, Bonferroni arms, the commit that introduced the trainer, the bounds every gates file
/// must stay inside, and each vector's falsification threshold. <see cref="Sha256"/> (of the file's bytes)
/// seals a ledger at its first data row, so an edit made after data exists is detected.
/// </summary>
public sealed record PreregisteredPlan(
    string File, string Sha256, double Alpha, double EffectSizeBpb, double Mu0, int NSeeds, IReadOnlyList<int> Seeds,
    int MinStep, string StopRule, int HoldoutFold, double EmbargoHours, int BonferroniArms, string TrainingSince,
    IReadOnlyDictionary<string, PlanBound> GateBounds, IReadOnlyDictionary<string, VectorThreshold> Vectors)
{
    /// <summary>The file's place in a checkout.</summary>
    public static readonly string RelativePath = Path.Combine("assertions", "preregistration.json");

    /// <summary>The vectors whose thresholds must be registered (V1–V7 and the compounded hypothesis H).</summary>
    public static readonly IReadOnlyList<string> RequiredVectors = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "H"];

    public static PreregisteredPlan Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GateBookException($"{path}: cannot read the pre-registration: {e.Message}");
        }
        return Parse(bytes, path);
    }

    public static PreregisteredPlan Parse(byte[] bytes, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new GateBookException($"{file}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var r = new GateJson(doc.RootElement, file, "");
            var seeds = r.Array("seeds").Select((s, i) => s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var v)
                ? v : throw r.Error($"seeds[{i}]", "must be an integer")).ToList();
            var bounds = r.Object("gate_bounds");
            var parsedBounds = bounds.Names().ToDictionary(n => n, n => ParseBound(bounds.Object(n)), StringComparer.Ordinal);
            foreach (var name in parsedBounds.Keys.Where(n => !GatesRules.BoundedFields.Contains(n)))
                throw bounds.Error(name, $"no gates-file field is called '{name}'; bounded fields: {string.Join(", ", GatesRules.BoundedFields)}");
            foreach (var name in GatesRules.BoundedFields.Where(n => !parsedBounds.ContainsKey(n)))
                throw bounds.Error(name, "missing: every bounded field of the gates file must have its pre-registered bound");
            var vectors = r.Object("vectors");
            var parsedVectors = RequiredVectors.ToDictionary(v => v, v =>
            {
                var o = vectors.Object(v);
                return new VectorThreshold(o.Integer("falsifier_mode"), o.Number("threshold"), o.String("rule"));
            }, StringComparer.Ordinal);
            var holdout = r.Object("holdout");
            var plan = new PreregisteredPlan(file, Convert.ToHexStringLower(SHA256.HashData(bytes)),
                r.Number("alpha"), r.Number("effect_size_bpb"), r.Number("mu0"), r.Integer("n_seeds"), seeds,
                r.Integer("min_step"), r.String("stop_rule"), holdout.Integer("fold"), r.Number("embargo_hours"),
                r.Integer("bonferroni_arms"), r.Commit("training_since"), parsedBounds, parsedVectors);
            if (plan.Alpha is <= 0 or >= 1) throw r.Error("alpha", "must be in (0, 1)");
            if (plan.BonferroniArms < 1) throw r.Error("bonferroni_arms", "must be at least 1");
            if (plan.NSeeds < 2 || seeds.Distinct().Count() != seeds.Count || seeds.Count < plan.NSeeds)
                throw r.Error("seeds", $"must hold at least n_seeds ({plan.NSeeds} ≥ 2) distinct seeds");
            return plan;
        }
    }

    private static PlanBound ParseBound(GateJson o) =>
        new(o.Has("min") ? o.Number("min") : null, o.Has("max") ? o.Number("max") : null);
}

/// <summary>A closed interval (either end optional) a gates-file value must lie in.</summary>
public sealed record PlanBound(double? Min, double? Max)
{
    public bool Contains(double v) => (Min is not { } lo || v >= lo) && (Max is not { } hi || v <= hi);

    public override string ToString() => (Min, Max) switch
    {
        ({ } lo, { } hi) => $"in [{G(lo)}, {G(hi)}]",
        ({ } lo, null) => $"≥ {G(lo)}",
        (null, { } hi) => $"≤ {G(hi)}",
        _ => "unbounded",
    };

    private static string G(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}

/// <summary>A vector's pre-registered falsification threshold and the rule it belongs to.</summary>
public sealed record VectorThreshold(int FalsifierMode, double Threshold, string Rule);
