using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Needle.Core.Contracts;

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
        // Fields, types and ranges are the contract schemas/preregistration.schema.json; what relates the file to the
        // gates file (every bounded field has a bound) and n_seeds to the seed list is checked below.
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        try
        {
            JsonContract.Require("preregistration", text, file);
        }
        catch (ContractException e)
        {
            throw new GateBookException(e.Message + "; the pre-registration is fixed before data: a ledger already sealed with it will report the edit");
        }
        using var doc = JsonDocument.Parse(bytes);
        var r = doc.RootElement;
        var lines = JsonPositions.Of(text);
        GateBookException Error(string pointer, string field, string what) => new($"{file}:{lines.LineOf(pointer)}: field '{field}' {what}");
        var seeds = r.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()).ToList();
        var parsedBounds = r.GetProperty("gate_bounds").EnumerateObject().ToDictionary(b => b.Name, b => new PlanBound(
            b.Value.TryGetProperty("min", out var lo) ? lo.GetDouble() : null, b.Value.TryGetProperty("max", out var hi) ? hi.GetDouble() : null), StringComparer.Ordinal);
        foreach (var name in parsedBounds.Keys.Where(n => !GatesRules.BoundedFields.Contains(n)))
            throw Error("/gate_bounds/" + name, "gate_bounds." + name, $"names no gates-file field; bounded fields: {string.Join(", ", GatesRules.BoundedFields)}");
        foreach (var name in GatesRules.BoundedFields.Where(n => !parsedBounds.ContainsKey(n)))
            throw Error("/gate_bounds", "gate_bounds." + name, "is missing: every bounded field of the gates file must have its pre-registered bound");
        var parsedVectors = RequiredVectors.ToDictionary(v => v, v =>
        {
            var o = r.GetProperty("vectors").GetProperty(v);
            return new VectorThreshold(ContractNumbers.Int32(o.GetProperty("falsifier_mode")), o.GetProperty("threshold").GetDouble(), o.GetProperty("rule").GetString()!);
        }, StringComparer.Ordinal);
        var plan = new PreregisteredPlan(file, Convert.ToHexStringLower(SHA256.HashData(bytes)),
            r.GetProperty("alpha").GetDouble(), r.GetProperty("effect_size_bpb").GetDouble(), r.GetProperty("mu0").GetDouble(),
            r.GetProperty("n_seeds").GetInt32(), seeds, r.GetProperty("min_step").GetInt32(), r.GetProperty("stop_rule").GetString()!,
            r.GetProperty("holdout").GetProperty("fold").GetInt32(), r.GetProperty("embargo_hours").GetDouble(),
            r.GetProperty("bonferroni_arms").GetInt32(), r.GetProperty("training_since").GetString()!, parsedBounds, parsedVectors);
        if (seeds.Count < plan.NSeeds) throw Error("/seeds", "seeds", $"holds {seeds.Count} seeds, fewer than n_seeds ({plan.NSeeds}); list at least n_seeds distinct seeds");
        return plan;
    }

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
