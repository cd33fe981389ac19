namespace Needle.Training.Formats;

/// <summary>IEEE binary32 itself: the code is the bit pattern, so encoding, decoding and quantising are identities.</summary>
public sealed class Fp32Format : INumberFormat
{
    public string Name => NumberFormats.Fp32Name;
    public int BitWidth => 32;
    public float MaxFinite => float.MaxValue;

    public uint Encode(float value) => BitConverter.SingleToUInt32Bits(value);

    public float Decode(uint code) => BitConverter.UInt32BitsToSingle(code);

    public bool IsNaN(uint code) => (code & 0x7FFF_FFFF) > 0x7F80_0000;

    public bool IsCanonical(uint code) => !IsNaN(code);

    public void Quantize(ReadOnlySpan<float> src, Span<float> dst)
    {
        if (dst.Length < src.Length)
            throw new ArgumentException($"destination holds {dst.Length} values, source has {src.Length}", nameof(dst));
        src.CopyTo(dst);
    }
}
