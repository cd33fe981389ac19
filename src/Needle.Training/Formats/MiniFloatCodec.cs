using System.Numerics;

namespace Needle.Training.Formats;

/// <summary>
/// The scalar, bit-exact codec of any <see cref="MiniFloatSpec"/>. Written for clarity with exact integer
/// arithmetic (significand and power of two), independently of the vectorised <see cref="MiniFloatQuantizer"/>,
/// so that the tests comparing the two compare two different derivations of the same specification.
/// </summary>
public sealed class MiniFloatCodec : INumberFormat
{
    private const uint Fp32ExponentMask = 0x7F80_0000;
    private const uint Fp32QuietNaN = 0x7FC0_0000;

    private readonly int _m;
    private readonly MiniFloatQuantizer _quantizer;

    public MiniFloatCodec(MiniFloatSpec spec)
    {
        Spec = spec;
        _m = spec.MantissaBits;
        if (spec.BitWidth > 16 || _m < 1 || spec.ExponentBits < 2)
            throw new ArgumentException($"format {spec.Name}: only 8–16-bit layouts are supported here", nameof(spec));
        // Decode is exact only if every value is a binary32 value: the largest binade must fit below 2^128 and the
        // smallest quantum at or above 2^-149.
        var smallestQuantum = spec.MinNormalField - spec.Bias - _m;
        var largestNormalField = spec.HasInfinity ? spec.MaxExponentField - 1 : spec.MaxExponentField;
        if (largestNormalField - spec.Bias > 127 || smallestQuantum < -149)
            throw new ArgumentException($"format {spec.Name}: its values do not all fit in binary32", nameof(spec));
        CanonicalNaNMagnitude = spec.Specials switch
        {
            // IEEE-like formats: all-ones exponent with only the quiet (top mantissa) bit set.
            SpecialEncoding.Ieee or SpecialEncoding.ZeroExponentIsZero =>
                ((uint)spec.MaxExponentField << _m) | (1u << (_m - 1)),
            SpecialEncoding.FiniteWithAllOnesNaN or SpecialEncoding.DlFloat => spec.MagnitudeMask,
            _ => throw new ArgumentException($"unhandled special encoding {spec.Specials}", nameof(spec)),
        };
        MaxFinite = Decode(spec.MaxFiniteMagnitude);
        // DLFLOAT's field 0 is normal, so its smallest positive is code 1 too; GF16's is the first code of field 1.
        SmallestPositiveMagnitude = spec.MinNormalField == 0 || spec.Subnormals ? 1u : 1u << _m;
        SmallestPositive = Decode(SmallestPositiveMagnitude);
        _quantizer = new MiniFloatQuantizer(this);
    }

    /// <summary>The layout and policies this codec implements.</summary>
    public MiniFloatSpec Spec { get; }

    public string Name => Spec.Name;
    public int BitWidth => Spec.BitWidth;
    public float MaxFinite { get; }

    /// <summary>The smallest positive value (a subnormal where the format has them).</summary>
    public float SmallestPositive { get; }

    /// <summary>The magnitude code of <see cref="SmallestPositive"/>.</summary>
    public uint SmallestPositiveMagnitude { get; }

    /// <summary>The magnitude bits every NaN input encodes to (the sign of the input is kept).</summary>
    public uint CanonicalNaNMagnitude { get; }

    /// <summary>The magnitude an infinite input encodes to.</summary>
    public uint InfinityInputMagnitude => Spec.HasInfinity
        ? (uint)Spec.MaxExponentField << _m
        : Spec.Specials == SpecialEncoding.DlFloat ? Spec.MagnitudeMask // the merged NaN/inf symbol
        : Spec.Overflow == OverflowPolicy.Saturate ? Spec.MaxFiniteMagnitude : CanonicalNaNMagnitude;

    /// <summary>The magnitude a finite input beyond the largest finite value encodes to.</summary>
    public uint OverflowMagnitude => Spec.Overflow switch
    {
        OverflowPolicy.Saturate => Spec.MaxFiniteMagnitude,
        OverflowPolicy.ToNaN => CanonicalNaNMagnitude,
        OverflowPolicy.ToInfinity => InfinityInputMagnitude,
        _ => throw new InvalidOperationException($"unhandled overflow policy {Spec.Overflow}"),
    };

    public bool IsNaN(uint code)
    {
        var mag = CheckedMagnitude(code);
        var field = (int)(mag >> _m);
        var mantissa = mag & ((1u << _m) - 1);
        return Spec.Specials switch
        {
            SpecialEncoding.Ieee or SpecialEncoding.ZeroExponentIsZero => field == Spec.MaxExponentField && mantissa != 0,
            _ => mag == Spec.MagnitudeMask,
        };
    }

    public bool IsCanonical(uint code)
    {
        if (IsNaN(code)) return false;
        var mag = code & Spec.MagnitudeMask;
        return Spec.Specials != SpecialEncoding.ZeroExponentIsZero || (mag >> _m) != 0 || mag == 0;
    }

    public float Decode(uint code)
    {
        var mag = CheckedMagnitude(code);
        var negative = (code & Spec.SignMask) != 0;
        var field = (int)(mag >> _m);
        var mantissa = mag & ((1u << _m) - 1);
        var sign = negative ? 0x8000_0000u : 0u;

        if (IsNaN(code))
        {
            // IEEE-like NaNs keep their payload in the top mantissa bits, as hardware widening does.
            var payload = Spec.Specials == SpecialEncoding.Ieee ? mantissa << (23 - _m) : 0u;
            return BitConverter.UInt32BitsToSingle(sign | Fp32QuietNaN | payload);
        }

        double magnitude;
        switch (Spec.Specials)
        {
            case SpecialEncoding.Ieee when field == Spec.MaxExponentField:
            case SpecialEncoding.ZeroExponentIsZero when field == Spec.MaxExponentField:
                magnitude = double.PositiveInfinity;
                break;
            case SpecialEncoding.ZeroExponentIsZero when field == 0:
            case SpecialEncoding.DlFloat when mag == 0:
                magnitude = 0.0;
                break;
            case SpecialEncoding.Ieee or SpecialEncoding.FiniteWithAllOnesNaN when field == 0:
                magnitude = Math.ScaleB(mantissa, 1 - Spec.Bias - _m); // subnormal
                break;
            default:
                magnitude = Math.ScaleB((1u << _m) | mantissa, field - Spec.Bias - _m);
                break;
        }
        // Every value of these formats is exactly representable in binary32, so the cast is exact.
        var value = (float)magnitude;
        return negative ? -value : value;
    }

    public uint Encode(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        var sign = (bits & 0x8000_0000u) != 0 ? Spec.SignMask : 0u;
        var abs = bits & 0x7FFF_FFFFu;
        if (abs > Fp32ExponentMask) return sign | CanonicalNaNMagnitude;
        if (abs == Fp32ExponentMask) return sign | InfinityInputMagnitude;
        if (abs == 0) return sign;

        // |value| = significand · 2^exponent exactly, with the significand an integer below 2^24.
        var f32Field = (int)(abs >> 23);
        long significand = f32Field == 0 ? abs : (abs & 0x7F_FFFF) | 0x80_0000;
        var exponent = f32Field == 0 ? -149 : f32Field - 150;
        var binade = exponent + BitOperations.Log2((ulong)significand); // floor(log2 |value|)
        var minNormalExponent = Spec.MinNormalField - Spec.Bias;

        int quantum; // the result is n · 2^quantum
        if (binade >= minNormalExponent) quantum = binade - _m;
        else if (Spec.Subnormals) quantum = minNormalExponent - _m;
        else return sign | UnderflowWithoutSubnormals(significand, exponent);

        var shift = quantum - exponent;
        if (shift < 0) throw new InvalidOperationException($"format {Name}: finer than binary32 at {value:R}");
        var n = RoundRightShift(significand, shift);

        // Code = (biased exponent of the quantum's binade) · 2^m + (n − 2^m). A carry of n to 2^(m+1), and a
        // subnormal n reaching 2^m, both land on the next code because codes are ordered like their values.
        var code = ((long)(quantum + _m + Spec.Bias) << _m) + n - (1L << _m);
        if (code > Spec.MaxFiniteMagnitude) return sign | OverflowMagnitude;
        // DLFLOAT: field 0 with mantissa 0 is zero, not 2^-31; the nearest representable is then the smallest positive.
        if (code == 0 && Spec.Specials == SpecialEncoding.DlFloat) return sign | SmallestPositiveMagnitude;
        return sign | (uint)code;
    }

    public void Quantize(ReadOnlySpan<float> src, Span<float> dst) => _quantizer.Quantize(src, dst);

    /// <summary>Rounds significand · 2^-shift to an integer with the format's rounding.</summary>
    private long RoundRightShift(long significand, int shift)
    {
        if (shift == 0) return significand;
        if (shift > 40) return 0; // significand < 2^24, so the quotient is below 2^-16: zero in either mode
        var kept = significand >> shift;
        if (Spec.Rounding == Rounding.TowardZero) return kept;
        var remainder = significand & ((1L << shift) - 1);
        var half = 1L << (shift - 1);
        return remainder > half || (remainder == half && (kept & 1) == 1) ? kept + 1 : kept;
    }

    /// <summary>
    /// Below the smallest normal of a format without subnormals: truncation gives zero; round-to-nearest picks
    /// the nearer of 0 and the smallest positive value, an exact tie going to 0 (the even code).
    /// </summary>
    private uint UnderflowWithoutSubnormals(long significand, int exponent)
    {
        if (Spec.Rounding == Rounding.TowardZero) return 0;
        var magnitude = Math.ScaleB(significand, exponent); // exact in double
        return magnitude > (double)SmallestPositive / 2 ? SmallestPositiveMagnitude : 0u;
    }

    private uint CheckedMagnitude(uint code)
    {
        if (code >= 1u << BitWidth)
            throw new ArgumentOutOfRangeException(nameof(code), $"0x{code:X} does not fit in {Name}'s {BitWidth} bits");
        return code & Spec.MagnitudeMask;
    }
}
