using Needle.Core.Invariants;

namespace Needle.Training.Formats;

/// <summary>
/// INV-3 at run time (start of a train): the real GF16 codec does what Gf16.v proves of truncation to
/// <see cref="MantissaBits"/> stored bits — on normal values it never rounds up, loses less than 2^-9 relative,
/// and never reorders two values.
/// </summary>
public sealed class Gf16TruncationCheck : IInvariantCheck
{
    /// <summary>GF16's stored mantissa bits (Coq <c>gf16_mantissa_bits</c>).</summary>
    public const int MantissaBits = 9;

    public string? FindViolation()
    {
        var codec = NumberFormats.Gf16;
        if (codec.Spec.MantissaBits != MantissaBits) return $"GF16 stores {codec.Spec.MantissaBits} mantissa bits, Gf16.v models {MantissaBits}";
        var previousInput = 0f;
        var previousDecoded = 0f;
        // Positive normals across many binades, ascending (2^-10 … 2^20), with irregular significands.
        for (var i = 0; i < 4000; i++)
        {
            var x = MathF.Pow(2, -10 + i * 30f / 4000) * (1 + (i * 7919 % 1000) / 1e7f);
            if (x <= previousInput) continue;
            var q = codec.Decode(codec.Encode(x));
            if (q > x) return $"GF16 rounded {x:R} up to {q:R}";
            if ((x - q) / x >= MathF.Pow(2, -MantissaBits)) return $"GF16 lost {(x - q) / x:R} relative on {x:R}, not below 2^-{MantissaBits}";
            if (q < previousDecoded) return $"GF16 reordered {previousInput:R} < {x:R} into {previousDecoded:R} > {q:R}";
            previousInput = x;
            previousDecoded = q;
        }
        return null;
    }
}
