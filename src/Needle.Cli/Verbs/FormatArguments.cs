using System.Globalization;
using Needle.Training.Formats;

namespace Needle.Cli.Verbs;

/// <summary>A command-line value that could not be read; the message names the argument and what to write instead.</summary>
internal sealed class FormatArgumentException(string message) : Exception(message);

/// <summary>Parsing and printing for <c>needle format</c>: decimal values, hex codes, and the special spellings.</summary>
internal static class FormatArguments
{
    /// <summary>
    /// Resolves --format and --overflow (both typed choices, so already known names) to a codec; FP8E4M3 is the only
    /// format with an overflow choice.
    /// </summary>
    public static INumberFormat ResolveFormat(string? name, string? overflow)
    {
        if (string.IsNullOrEmpty(name))
            throw new FormatArgumentException(
                $"missing --format; give one of {string.Join(", ", NumberFormats.Names)}");
        if (overflow is not null && name != NumberFormats.Fp8E4M3Name)
            throw new FormatArgumentException(
                $"--overflow applies only to FP8E4M3 (the one format with a saturation choice), not to {name}; remove it");
        return overflow == "nan" ? NumberFormats.Fp8E4M3NonSaturating : NumberFormats.Get(name);
    }

    /// <summary>Reads a decimal VALUE (or nan, inf, -inf) as binary32, the precision master weights are kept in.</summary>
    public static float ParseValue(string text, int position)
    {
        var t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "nan" or "+nan": return BitConverter.UInt32BitsToSingle(0x7FC0_0000);
            case "-nan": return BitConverter.UInt32BitsToSingle(0xFFC0_0000);
            case "inf" or "+inf" or "infinity" or "+infinity": return float.PositiveInfinity;
            case "-inf" or "-infinity": return float.NegativeInfinity;
        }
        if (float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        throw new FormatArgumentException(
            $"VALUE '{text}' (argument {position}) is not a number; write a decimal such as 1.5, -2e-3, or nan, inf, -inf");
    }

    /// <summary>Reads a HEX code (optional 0x) that must fit in the format's width.</summary>
    public static uint ParseCode(string text, int position, INumberFormat format)
    {
        var t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) t = t[2..];
        var digits = format.BitWidth / 4;
        if (t.Length is 0 || t.Length > digits
            || !uint.TryParse(t, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || (format.BitWidth < 32 && code >= 1u << format.BitWidth))
        {
            throw new FormatArgumentException(
                $"HEX '{text}' (argument {position}) is not a {format.Name} code; write 1–{digits} hex digits " +
                $"(optional 0x), e.g. {FormatCode(format.Encode(1f), format)} for 1.0");
        }
        return code;
    }

    /// <summary>A code as 0x followed by exactly BitWidth/4 upper-case hex digits.</summary>
    public static string FormatCode(uint code, INumberFormat format) =>
        "0x" + code.ToString("X" + (format.BitWidth / 4), CultureInfo.InvariantCulture);

    /// <summary>A value the way the CLI spells it: nan, inf, -inf, or the shortest round-trip decimal.</summary>
    public static string FormatValue(float value) => value switch
    {
        float.PositiveInfinity => "inf",
        float.NegativeInfinity => "-inf",
        _ when float.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
