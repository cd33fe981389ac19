using System.Globalization;
using System.Text.Json;

namespace Needle.Search.Compound;

/// <summary>
/// H's falsifier 2 as V2's suite measured it (its engineer's definition, reused, not recomputed differently): the
/// share of proxy-promoted configurations that fail their full-rung evaluation, recorded in
/// assertions/evidence/V2.json under details.promotion. Null when the file records none.
/// </summary>
public sealed record ProxyPromotionEvidence(string Proxy, int Promoted, int PromotedFailing, double FailingShare, int? ExportedTrials)
{
    public static ProxyPromotionEvidence? Read(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, "assertions", "evidence", "V2.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!doc.RootElement.TryGetProperty("details", out var details) || !details.TryGetProperty("promotion", out var p)) return null;
            int? exported = details.TryGetProperty("exported_trials", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : null;
            return new ProxyPromotionEvidence(p.GetProperty("proxy").GetString() ?? "?", p.GetProperty("promoted").GetInt32(),
                p.GetProperty("promoted_failing").GetInt32(), p.GetProperty("failing_share").GetDouble(), exported);
        }
        catch (Exception x) when (x is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"falsifier 2 (from assertions/evidence/V2.json, V2's suite): {PromotedFailing} of {Promoted} configurations promoted by {Proxy} fail the full rung ({FailingShare:P1}; plan ≤ 30%){(ExportedTrials is { } n ? $", measured on the {n}-trial export" : "")}");
}
