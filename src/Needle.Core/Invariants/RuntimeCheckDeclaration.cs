using System.Text.Json;

namespace Needle.Core.Invariants;

/// <summary>One invariant's <c>runtime_check</c> as the registry declares it: what to run, where, and what a failure does.</summary>
public sealed record RuntimeCheckDeclaration(string InvariantId, string Action, string Message, IReadOnlyList<string> At, string CheckType)
{
    /// <summary>
    /// Every declared check with an "at" list of the registry JSON (assertions/igla_assertions.json). Entries
    /// without a runtime_check (Empirical ones) or with an empty "at" declare nothing to run here; the audit
    /// validates the registry's shape, so this reader only needs to be strict about what it runs.
    /// </summary>
    public static IReadOnlyList<RuntimeCheckDeclaration> Parse(string registryJson)
    {
        using var doc = JsonDocument.Parse(registryJson);
        var list = new List<RuntimeCheckDeclaration>();
        foreach (var inv in doc.RootElement.GetProperty("invariants").EnumerateArray())
        {
            if (!inv.TryGetProperty("runtime_check", out var rc) || !rc.TryGetProperty("at", out var at)) continue;
            var id = inv.GetProperty("id").GetString()!;
            var points = at.EnumerateArray().Select(p => p.GetString()!).ToList();
            if (points.Count == 0) continue;
            var check = rc.TryGetProperty("check", out var c) ? c.GetString() : null;
            if (string.IsNullOrEmpty(check))
                throw new InvalidDataException($"assertions/igla_assertions.json: {id} declares runtime_check.at but no \"check\" type to run");
            list.Add(new RuntimeCheckDeclaration(id, rc.GetProperty("action").GetString()!, rc.GetProperty("message").GetString()!, points, check));
        }
        return list;
    }
}
