using System.Security.Cryptography;
using System.Text.Json;
using Needle.Core.Contracts;
using Needle.Core.Preregistration;

namespace Needle.Core.Vectors;

/// <summary>
/// Reads a vector's state from its evidence file (assertions/evidence/V&lt;n&gt;.json, schema needle-evidence/1, written
/// by the vector's falsification suite on real data). The verdict used is the pre-registered predicate applied to the
/// recorded statistic (<see cref="EmpiricalVerdicts.Of"/>, the same call `needle audit` makes), never the file's word
/// alone: a file whose recorded verdict disagrees is "no verdict". The audit checks what this reader cannot cheaply
/// (the commit is an ancestor of HEAD, the input hashes, line-numbered findings); run it before trusting a state.
/// </summary>
public static class VectorEvidence
{

    /// <summary>The evidence file of <paramref name="vector"/> under a checkout.</summary>
    public static string PathOf(string repositoryRoot, string vector) => System.IO.Path.Combine(repositoryRoot, "assertions", "evidence", vector + ".json");

    /// <summary>Every vector V1–V7's state read from its evidence file.</summary>
    public static IReadOnlyList<VectorState> ReadAll(string repositoryRoot) => [.. VectorNames.All.Select(v => Read(repositoryRoot, v.Id))];

    /// <summary>One vector's state; never throws for a missing or malformed file (that is "no verdict", with the reason).</summary>
    public static VectorState Read(string repositoryRoot, string vector)
    {
        var path = PathOf(repositoryRoot, vector);
        var shown = $"assertions/evidence/{vector}.json";
        if (!File.Exists(path))
            return new VectorState(vector, VectorSwitch.NoVerdict, $"no verdict yet: {shown} does not exist (run needle falsify --only {vector})", null);
        var bytes = File.ReadAllBytes(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        VectorState Invalid(string why) =>
            new(vector, VectorSwitch.NoVerdict, $"no verdict: {shown} {why}; run needle audit, then re-run needle falsify --only {vector}", sha);
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            // The shape is the contract schemas/evidence.schema.json (the audit reports every violation with its line).
            if (JsonContract.Check("evidence", root, text, shown) is [var first, ..]) return Invalid($"breaks its contract ({first.What}, line {first.Line})");
            if (Text(root, "vector") != vector) return Invalid($"is not {vector}'s evidence");
            var recorded = Text(root, "verdict");
            var statistic = root.GetProperty("statistic").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
            if (EmpiricalClaims.For(vector) is not { } claim) return Invalid("names a vector with no pre-registered claim");
            string computed;
            try { computed = EmpiricalVerdicts.Of(claim, statistic); }
            catch (ArgumentException e) { return Invalid($"has a statistic the predicate rejects ({e.Message})"); }
            if (computed != recorded) return Invalid($"records \"{recorded}\" but the predicate on its statistic says \"{computed}\"");
            var notes = Text(root, "notes");
            var figures = string.Join(", ", statistic.Select(kv => FormattableString.Invariant($"{kv.Key} = {kv.Value:0.####}")));
            var commit = Text(root, "commit") is { Length: >= 12 } c ? c[..12] : "?";
            var why = $"{figures} (commit {commit}){(string.IsNullOrWhiteSpace(notes) ? "" : "; " + notes)}";
            return computed == EmpiricalVerdicts.Holds
                ? new VectorState(vector, VectorSwitch.Enabled, $"holds on real data: {why}", sha)
                : new VectorState(vector, VectorSwitch.Disabled, $"refuted on real data, switched off: {why}", sha);
        }
        catch (JsonException e)
        {
            return Invalid($"is not valid JSON ({e.Message})");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
