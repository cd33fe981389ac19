namespace Needle.Training.Formats;

/// <summary>How a value between two representable neighbours is resolved when encoding.</summary>
public enum Rounding
{
    /// <summary>Round to nearest, ties to the neighbour whose last mantissa bit is 0 (IEEE-754 default).</summary>
    NearestEven,

    /// <summary>Drop the surplus mantissa bits (round toward zero). The upstream GF16 trainer did this.</summary>
    TowardZero,
}

/// <summary>Which bit patterns are special (zero, infinity, NaN) — the part where the formats differ most.</summary>
public enum SpecialEncoding
{
    /// <summary>IEEE-754: exponent 0 = zero/subnormals; exponent all-ones = ±inf (mantissa 0) or NaN.</summary>
    Ieee,

    /// <summary>OCP FP8 E4M3 ("fn"): no infinities; only S.1111.111 is NaN; S.1111.000–110 are normal numbers.</summary>
    FiniteWithAllOnesNaN,

    /// <summary>
    /// IBM DLFloat16: no subnormals; only the all-zero magnitude is zero and only the all-ones magnitude (0x7FFF)
    /// is the merged NaN/infinity symbol; every other pattern, including exponent fields 0 and 63, is normal.
    /// </summary>
    DlFloat,

    /// <summary>
    /// The upstream trainer's GF16: exponent field 0 = ±0 whatever the mantissa (no subnormals),
    /// exponent field 63 = ±inf (mantissa 0) or NaN; fields 1–62 normal.
    /// </summary>
    ZeroExponentIsZero,
}

/// <summary>What a finite value beyond the largest finite number becomes.</summary>
public enum OverflowPolicy
{
    /// <summary>Becomes ±inf (IEEE; for DLFLOAT the merged NaN/inf symbol, which decodes as NaN).</summary>
    ToInfinity,

    /// <summary>Clamps to ±(largest finite). Infinite inputs clamp too when the format has no infinity.</summary>
    Saturate,

    /// <summary>Becomes NaN (FP8 E4M3 without saturation: it has no infinity to overflow to).</summary>
    ToNaN,
}

/// <summary>
/// The complete description of a small binary floating-point format: 1 sign bit, <see cref="ExponentBits"/>,
/// <see cref="MantissaBits"/> (stored, without the hidden 1), exponent <see cref="Bias"/>, and the policies that
/// make otherwise identical layouts different formats (DLFLOAT and GF16 are both 1:6:9).
/// </summary>
public sealed record MiniFloatSpec(
    string Name,
    int ExponentBits,
    int MantissaBits,
    int Bias,
    bool Subnormals,
    Rounding Rounding,
    SpecialEncoding Specials,
    OverflowPolicy Overflow)
{
    /// <summary>Total width in bits (sign + exponent + mantissa).</summary>
    public int BitWidth => 1 + ExponentBits + MantissaBits;

    /// <summary>The sign bit of a code.</summary>
    public uint SignMask => 1u << (ExponentBits + MantissaBits);

    /// <summary>All bits below the sign.</summary>
    public uint MagnitudeMask => SignMask - 1;

    /// <summary>The all-ones exponent field.</summary>
    public int MaxExponentField => (1 << ExponentBits) - 1;

    /// <summary>The smallest exponent field that holds normal numbers (DLFLOAT uses field 0 for normals).</summary>
    public int MinNormalField => Specials == SpecialEncoding.DlFloat ? 0 : 1;

    /// <summary>The largest finite magnitude code.</summary>
    public uint MaxFiniteMagnitude => Specials switch
    {
        SpecialEncoding.Ieee or SpecialEncoding.ZeroExponentIsZero =>
            ((uint)(MaxExponentField - 1) << MantissaBits) | ((1u << MantissaBits) - 1),
        // Only the all-ones pattern is reserved, so the largest finite value sits one code below it.
        SpecialEncoding.FiniteWithAllOnesNaN or SpecialEncoding.DlFloat => MagnitudeMask - 1,
        _ => throw new InvalidOperationException($"unhandled special encoding {Specials}"),
    };

    /// <summary>Whether the format can represent infinity as distinct from NaN.</summary>
    public bool HasInfinity => Specials is SpecialEncoding.Ieee or SpecialEncoding.ZeroExponentIsZero;
}
