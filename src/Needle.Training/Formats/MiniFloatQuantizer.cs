using System.Numerics;

namespace Needle.Training.Formats;

/// <summary>
/// Fake quantisation (float → format → float) of whole spans with <see cref="Vector{T}"/> bit arithmetic on the
/// binary32 patterns, never materialising the codes. Normal numbers round by adding a bias to the binary32 bits
/// and clearing the surplus mantissa bits (a carry correctly bumps the exponent); subnormal results come from the
/// classic magic-number trick (x + 2^k) − 2^k, whose hardware rounding is round-to-nearest-even at exactly the
/// format's subnormal quantum. Range and specials are fixed up with selects. Lanes left over at the end of a span
/// go through the scalar codec, which the tests hold the vector lanes bit-equal to.
/// </summary>
internal sealed class MiniFloatQuantizer
{
    private const uint SignBit = 0x8000_0000;
    private const uint AbsMask = 0x7FFF_FFFF;
    private const uint Infinity = 0x7F80_0000;
    private const uint QuietNaN = 0x7FC0_0000;

    private readonly MiniFloatCodec _codec;
    private readonly int _surplusBits;
    private readonly bool _nearestEven;
    private readonly bool _subnormals;
    private readonly uint _roundBias;
    private readonly uint _keepMask;
    private readonly uint _minNormalBits;
    private readonly float _subnormalMagic;
    private readonly uint _smallestPositiveBits;
    private readonly uint _halfSmallestPositiveBits;
    private readonly uint _maxFiniteBits;
    private readonly uint _overflowBits;
    private readonly uint _infinityInputBits;

    public MiniFloatQuantizer(MiniFloatCodec codec)
    {
        _codec = codec;
        var spec = codec.Spec;
        _surplusBits = 23 - spec.MantissaBits;
        _nearestEven = spec.Rounding == Rounding.NearestEven;
        _subnormals = spec.Subnormals;
        _roundBias = (1u << (_surplusBits - 1)) - 1;
        _keepMask = ~((1u << _surplusBits) - 1);
        var minNormalExponent = spec.MinNormalField - spec.Bias;
        _minNormalBits = Bits(MathF.ScaleB(1f, minNormalExponent));
        // Adding 2^(e_min − m + 23) puts every subnormal into a binade whose ULP is the subnormal quantum 2^(e_min − m).
        _subnormalMagic = MathF.ScaleB(1f, minNormalExponent - spec.MantissaBits + 23);
        _smallestPositiveBits = Bits(codec.SmallestPositive);
        _halfSmallestPositiveBits = Bits(codec.SmallestPositive / 2);
        _maxFiniteBits = Bits(codec.MaxFinite);
        _overflowBits = Bits(codec.Decode(codec.OverflowMagnitude)) & AbsMask;
        _infinityInputBits = Bits(codec.Decode(codec.InfinityInputMagnitude)) & AbsMask;
    }

    public void Quantize(ReadOnlySpan<float> src, Span<float> dst)
    {
        if (dst.Length < src.Length)
            throw new ArgumentException($"destination holds {dst.Length} values, source has {src.Length}", nameof(dst));
        var width = Vector<uint>.Count;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var srcBits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(src);
            var dstBits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(dst);
            for (; i <= src.Length - width; i += width)
            {
                QuantizeLanes(new Vector<uint>(srcBits.Slice(i, width))).CopyTo(dstBits.Slice(i, width));
            }
        }
        for (; i < src.Length; i++) dst[i] = _codec.Decode(_codec.Encode(src[i]));
    }

    private Vector<uint> QuantizeLanes(Vector<uint> bits)
    {
        var sign = bits & new Vector<uint>(SignBit);
        var abs = bits & new Vector<uint>(AbsMask);
        var keep = new Vector<uint>(_keepMask);

        Vector<uint> rounded;
        if (_nearestEven)
        {
            // Bias 0x0…0FFF plus the lowest kept bit: above half rounds up, exactly half rounds up only from odd.
            var lowestKept = Vector.ShiftRightLogical(abs, _surplusBits) & Vector<uint>.One;
            rounded = (abs + new Vector<uint>(_roundBias) + lowestKept) & keep;
        }
        else
        {
            rounded = abs & keep;
        }

        var belowNormal = Vector.LessThan(abs, new Vector<uint>(_minNormalBits));
        if (_subnormals)
        {
            var magic = new Vector<float>(_subnormalMagic);
            var subnormal = Vector.AsVectorUInt32((Vector.AsVectorSingle(abs) + magic) - magic);
            rounded = Vector.ConditionalSelect(belowNormal, subnormal, rounded);
        }
        else if (!_nearestEven)
        {
            rounded = Vector.ConditionalSelect(belowNormal, Vector<uint>.Zero, rounded);
        }
        else
        {
            // No subnormals, round to nearest: the nearer of 0 and the smallest positive value (ties to 0).
            var keepsValue = Vector.GreaterThan(abs, new Vector<uint>(_halfSmallestPositiveBits));
            var atLeastSmallest = Vector.Max(rounded, new Vector<uint>(_smallestPositiveBits));
            rounded = Vector.ConditionalSelect(keepsValue, atLeastSmallest, Vector<uint>.Zero);
        }

        rounded = Vector.ConditionalSelect(
            Vector.GreaterThan(rounded, new Vector<uint>(_maxFiniteBits)), new Vector<uint>(_overflowBits), rounded);
        var infinity = new Vector<uint>(Infinity);
        rounded = Vector.ConditionalSelect(Vector.Equals(abs, infinity), new Vector<uint>(_infinityInputBits), rounded);
        rounded = Vector.ConditionalSelect(Vector.GreaterThan(abs, infinity), new Vector<uint>(QuietNaN), rounded);
        return rounded | sign;
    }

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);
}
