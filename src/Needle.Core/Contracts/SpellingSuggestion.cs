namespace Needle.Core.Contracts;

/// <summary>
/// The known field an unknown one was probably meant to be: the upstream ledger's <c>steps</c> for <c>step</c>, a
/// transposed <c>hyperbnad</c>. Case, '-' for '_' and a trailing 's' are free; otherwise at most two edits (insert,
/// delete, substitute, swap two neighbours), and only a single nearest candidate is offered.
/// </summary>
public static class SpellingSuggestion
{
    /// <summary>The known name closest to <paramref name="name"/>, or null when none is close or two are equally close.</summary>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        var given = Normal(name);
        var ranked = known.Select(k => (Name: k, Distance: Distance(given, Normal(k))))
            .Where(k => k.Distance <= Math.Min(2, Math.Max(1, given.Length / 3)))
            .OrderBy(k => k.Distance).ToList();
        if (ranked.Count == 0 || (ranked.Count > 1 && ranked[1].Distance == ranked[0].Distance)) return null;
        return ranked[0].Name;
    }

    private static string Normal(string name) => name.ToLowerInvariant().Replace('-', '_').TrimEnd('s');

    // Optimal string alignment distance (Levenshtein plus swaps of two neighbours).
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
