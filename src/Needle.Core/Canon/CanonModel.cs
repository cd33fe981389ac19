namespace Needle.Core.Canon;

/// <summary>
/// The model families a canon run name may name. Spelled exactly as in the upstream names; matched by
/// prefix, longest first, because <c>JEPA-T</c> itself contains the separator.
/// </summary>
public static class CanonModel
{
    /// <summary>Every model, in the order the upstream listed them.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["TRAIN_V2", "HYBRID", "ATTN", "JEPA-T", "NCA", "PHI", "TJEPA", "MUON", "TRINITY3K"];

    /// <summary>Longest first, so that a shorter model never swallows the start of a longer one.</summary>
    internal static IReadOnlyList<string> LongestFirst { get; } =
        All.OrderByDescending(m => m.Length).ThenBy(m => m, StringComparer.Ordinal).ToArray();

    public static bool IsKnown(string model) => All.Contains(model, StringComparer.Ordinal);
}
