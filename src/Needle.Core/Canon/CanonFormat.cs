namespace Needle.Core.Canon;

/// <summary>The number formats a canon run name may name (the training precision of the run).</summary>
public static class CanonFormat
{
    public const string Gf16 = "GF16";

    public static IReadOnlyList<string> All { get; } =
        ["FP32", "FP16", "BF16", "FP8E4M3", "FP8E5M2", "DLFLOAT", Gf16];

    public static bool IsKnown(string format) => All.Contains(format, StringComparer.Ordinal);
}
