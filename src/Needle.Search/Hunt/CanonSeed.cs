using System.Globalization;
using System.Text.RegularExpressions;

namespace Needle.Search.Hunt;

/// <summary>The seed suffix of a canon run name (<c>…-seed42</c> or <c>…-rng42</c>).</summary>
public static partial class CanonSeed
{
    [GeneratedRegex(@"-(seed|rng)(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SeedSuffix();

    /// <summary>The canon name with its seed replaced by <paramref name="seed"/>.</summary>
    public static string WithSeed(string canon, uint seed)
    {
        var m = SeedSuffix().Match(canon);
        if (!m.Success)
            throw new FormatException($"canon name '{canon}' does not end in -seed<N> or -rng<N>; cannot derive a sibling's name");
        return canon[..m.Index] + "-" + m.Groups[1].Value + seed.ToString(CultureInfo.InvariantCulture);
    }
}
