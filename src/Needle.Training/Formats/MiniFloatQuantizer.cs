using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    // Broadcast once here rather than per vector in the loop.
    private readonly Vector<uint> _roundBias;
    private readonly Vector<uint> _keepMask;
    private readonly Vector<uint> _minNormalBits;
    private readonly Vector<float> _subnormalMagic;
    private readonly Vector<uint> _smallestPositiveBits;
    private readonly Vector<uint> _halfSmallestPositiveBits;
    private readonly Vector<uint> _maxFiniteBits;
    private readonly Vector<uint> _overflowBits;
    private readonly Vector<uint> _infinityInputBits;

    public MiniFloatQuantizer(MiniFloatCodec codec)
    {
        _codec = codec;
        var spec = codec.Spec;
        _surplusBits = 23 - spec.MantissaBits;
        _nearestEven = spec.Rounding == Rounding.NearestEven;
        _subnormals = spec.Subnormals;
        _roundBias = new Vector<uint>((1u << (_surplusBits - 1)) - 1);
        _keepMask = new Vector<uint>(~((1u << _surplusBits) - 1));
        var minNormalExponent = spec.MinNormalField - spec.Bias;
        _minNormalBits = new Vector<uint>(Bits(MathF.ScaleB(1f, minNormalExponent)));
        // Adding 2^(e_min − m + 23) puts every subnormal into a binade whose ULP is the subnormal quantum 2^(e_min − m).
        _subnormalMagic = new Vector<float>(MathF.ScaleB(1f, minNormalExponent - spec.MantissaBits + 23));
        _smallestPositiveBits = new Vector<uint>(Bits(codec.SmallestPositive));
        _halfSmallestPositiveBits = new Vector<uint>(Bits(codec.SmallestPositive / 2));
        _maxFiniteBits = new Vector<uint>(Bits(codec.MaxFinite));
        _overflowBits = new Vector<uint>(Bits(codec.Decode(codec.OverflowMagnitude)) & AbsMask);
        _infinityInputBits = new Vector<uint>(Bits(codec.Decode(codec.InfinityInputMagnitude)) & AbsMask);
    }

    public void Quantize(ReadOnlySpan<float> src, Span<float> dst)
    {
        if (dst.Length < src.Length)
            throw new ArgumentException($"destination holds {dst.Length} values, source has {src.Length}", nameof(dst));
        var width = Vector<uint>.Count;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Unchecked loads/stores: the loop bound keeps every vector inside both spans (dst.Length >= src.Length).
            ref var srcBits = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(src));
            ref var dstBits = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(dst));
            for (; i <= src.Length - width; i += width)
            {
                QuantizeLanes(Vector.LoadUnsafe(ref srcBits, (nuint)i)).StoreUnsafe(ref dstBits, (nuint)i);
            }
        }
        for (; i < src.Length; i++) dst[i] = _codec.Decode(_codec.Encode(src[i]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<uint> QuantizeLanes(Vector<uint> bits)
    {
        var sign = bits & new Vector<uint>(SignBit);
        var abs = bits & new Vector<uint>(AbsMask);
        var keep = _keepMask;

        Vector<uint> rounded;
        if (_nearestEven)
        {
            // Bias 0x0…0FFF plus the lowest kept bit: above half rounds up, exactly half rounds up only from odd.
            var lowestKept = Vector.ShiftRightLogical(abs, _surplusBits) & Vector<uint>.One;
            rounded = (abs + _roundBias + lowestKept) & keep;
        }
        else
        {
            rounded = abs & keep;
        }

        var belowNormal = Vector.LessThan(abs, _minNormalBits);
        if (_subnormals)
        {
            var magic = _subnormalMagic;
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
            var keepsValue = Vector.GreaterThan(abs, _halfSmallestPositiveBits);
            var atLeastSmallest = Vector.Max(rounded, _smallestPositiveBits);
            rounded = Vector.ConditionalSelect(keepsValue, atLeastSmallest, Vector<uint>.Zero);
        }

        rounded = Vector.ConditionalSelect(
            Vector.GreaterThan(rounded, _maxFiniteBits), _overflowBits, rounded);
        var infinity = new Vector<uint>(Infinity);
        rounded = Vector.ConditionalSelect(Vector.Equals(abs, infinity), _infinityInputBits, rounded);
        rounded = Vector.ConditionalSelect(Vector.GreaterThan(abs, infinity), new Vector<uint>(QuietNaN), rounded);
        return rounded | sign;
    }

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);
}
