namespace Needle.Training.Formats;

/// <summary>
/// INV-3: GF16 needs hidden width ≥ 256 (the upstream's capacity rule — with its truncated 9-bit mantissa a
/// narrower model loses too much). Other formats have no width requirement.
/// </summary>
public static class FormatCapacity
{
    /// <summary>The INV-3 threshold, re-exported from its single source of truth.</summary>
    public const int Gf16MinHidden = Needle.Core.Canon.DeployValidator.Gf16MinHidden;

    /// <summary>Throws when <paramref name="format"/> is unknown, or is GF16 with <paramref name="hidden"/> &lt; 256.</summary>
    public static void EnsureCapacity(string format, int hidden)
    {
        NumberFormats.Get(format); // unknown names are a hard error here too
        if (hidden <= 0)
            throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "hidden width must be positive");
        if (format == NumberFormats.Gf16Name && hidden < Gf16MinHidden)
            throw new ArgumentException(
                $"INV-3: format GF16 requires hidden width >= {Gf16MinHidden}, got {hidden}; " +
                $"raise the hidden width to at least {Gf16MinHidden} or train in another format", nameof(hidden));
    }
}
