using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>Theory data shared by the codec tests: the formats grouped by what a test can say about them.</summary>
public static class FormatCases
{
    /// <summary>Every small (8/16-bit) codec, including the non-saturating E4M3 variant.</summary>
    public static IEnumerable<MiniFloatCodec> MiniFloats =>
    [
        NumberFormats.Fp16, NumberFormats.Bf16, NumberFormats.Fp8E4M3, NumberFormats.Fp8E4M3NonSaturating,
        NumberFormats.Fp8E5M2, NumberFormats.DlFloat, NumberFormats.Gf16,
    ];

    /// <summary>Keys usable in theories (xunit needs serialisable data): index into <see cref="MiniFloats"/>.</summary>
    public static TheoryData<string> MiniFloatKeys => new(MiniFloats.Select(Key));

    public static TheoryData<string> RegistryNames => new(NumberFormats.Names);

    public static MiniFloatCodec ByKey(string key) => MiniFloats.Single(f => Key(f) == key);

    private static string Key(MiniFloatCodec f) =>
        f.Name + (f.Spec.Overflow == OverflowPolicy.ToNaN && f.Name == NumberFormats.Fp8E4M3Name ? "-nonsat" : "");

    /// <summary>All codes of a codec's width, ascending.</summary>
    public static IEnumerable<uint> AllCodes(INumberFormat f) =>
        Enumerable.Range(0, 1 << f.BitWidth).Select(i => (uint)i);

    /// <summary>Positive finite canonical codes in ascending value order (codes are ordered like their values).</summary>
    public static List<uint> PositiveFiniteCodes(MiniFloatCodec f) =>
        AllCodes(f).Where(c => c < f.Spec.SignMask && f.IsCanonical(c) && float.IsFinite(f.Decode(c))).ToList();

    public static uint Bits(float x) => BitConverter.SingleToUInt32Bits(x);
}
