namespace Needle.Core.Vectors;

/// <summary>The seven accelerators, by id, with the short names docs/accelerators.md uses (the one list).</summary>
public static class VectorNames
{
    public static IReadOnlyList<(string Id, string Name)> All { get; } =
    [
        ("V1", "muP transfer"),
        ("V2", "zero-cost proxies"),
        ("V3", "BOHB"),
        ("V4", "XGBoost surrogate"),
        ("V5", "φ-pruned grid"),
        ("V6", "UCB1 over families"),
        ("V7", "online curriculum"),
    ];

    /// <summary>"V3" for "v3", "V3" or "3"; throws naming the text and the valid ids.</summary>
    public static string Normalise(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        if (!t.StartsWith('V')) t = "V" + t;
        return All.Any(a => a.Id == t)
            ? t
            : throw new FormatException($"'{text}' is not a vector; use {string.Join(", ", All.Select(a => a.Id.ToLowerInvariant()))}");
    }

    public static string NameOf(string id) => All.First(a => a.Id == id).Name;
}
