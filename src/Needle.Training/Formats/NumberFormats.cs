namespace Needle.Training.Formats;

/// <summary>
/// The registry of number formats, keyed by canon name. Each definition states its layout and policies in one
/// line; README "## Number formats" tabulates the same facts and says where the upstream contradicted itself.
/// </summary>
public static class NumberFormats
{
    public const string Fp32Name = "FP32";
    public const string Fp16Name = "FP16";
    public const string Bf16Name = "BF16";
    public const string Fp8E4M3Name = "FP8E4M3";
    public const string Fp8E5M2Name = "FP8E5M2";
    public const string DlFloatName = "DLFLOAT";
    public const string Gf16Name = "GF16";

    /// <summary>IEEE binary32 (identity).</summary>
    public static readonly INumberFormat Fp32 = new Fp32Format();

    /// <summary>IEEE binary16: 1:5:10, bias 15, subnormals, RNE, overflow to ±inf (from 65520 up).</summary>
    public static readonly MiniFloatCodec Fp16 = new(new MiniFloatSpec(
        Fp16Name, 5, 10, 15, Subnormals: true, Rounding.NearestEven, SpecialEncoding.Ieee, OverflowPolicy.ToInfinity));

    /// <summary>bfloat16: the top half of binary32, 1:8:7, bias 127, subnormals, RNE, overflow to ±inf.</summary>
    public static readonly MiniFloatCodec Bf16 = new(new MiniFloatSpec(
        Bf16Name, 8, 7, 127, Subnormals: true, Rounding.NearestEven, SpecialEncoding.Ieee, OverflowPolicy.ToInfinity));

    /// <summary>
    /// OCP FP8 E4M3 in saturating mode (the registry's FP8E4M3, used for training): 1:4:3, bias 7, subnormals,
    /// RNE, no infinities, NaN = S.1111.111, max 448. Finite overflow and ±inf both clamp to ±448; NaN stays NaN.
    /// </summary>
    public static readonly MiniFloatCodec Fp8E4M3 = new(new MiniFloatSpec(
        Fp8E4M3Name, 4, 3, 7, Subnormals: true, Rounding.NearestEven, SpecialEncoding.FiniteWithAllOnesNaN,
        OverflowPolicy.Saturate));

    /// <summary>
    /// OCP FP8 E4M3 without saturation: identical except that a value rounding above 448 (|x| &gt; 464, the
    /// midpoint to the missing 480) and ±inf become NaN (S.1111.111), since the format has no infinity.
    /// </summary>
    public static readonly MiniFloatCodec Fp8E4M3NonSaturating = new(new MiniFloatSpec(
        Fp8E4M3Name, 4, 3, 7, Subnormals: true, Rounding.NearestEven, SpecialEncoding.FiniteWithAllOnesNaN,
        OverflowPolicy.ToNaN));

    /// <summary>OCP FP8 E5M2: 1:5:2, bias 15, IEEE-like (subnormals, ±inf, NaN), RNE, overflow to ±inf (from 61440).</summary>
    public static readonly MiniFloatCodec Fp8E5M2 = new(new MiniFloatSpec(
        Fp8E5M2Name, 5, 2, 15, Subnormals: true, Rounding.NearestEven, SpecialEncoding.Ieee, OverflowPolicy.ToInfinity));

    /// <summary>
    /// IBM DLFloat16: 1:6:9, bias 31, RNE, no subnormals. 0x0000/0x8000 = ±0, 0x7FFF/0xFFFF = the merged
    /// NaN/infinity symbol (decoded as NaN), every other pattern normal: smallest (1+2^-9)·2^-31, largest
    /// (1+510/512)·2^32. Overflow and ±inf go to the NaN/inf symbol; underflow to the nearer of 0 and the smallest.
    /// Decoding matches IBM's reference; encoding rounds to nearest-even where IBM's converter rounds ties away
    /// from zero and flushes below 2^-31 (the issue asks for RNE; README "Number formats" has the details).
    /// </summary>
    public static readonly MiniFloatCodec DlFloat = new(new MiniFloatSpec(
        DlFloatName, 6, 9, 31, Subnormals: false, Rounding.NearestEven, SpecialEncoding.DlFloat,
        OverflowPolicy.ToInfinity));

    /// <summary>
    /// GF16 as the upstream trainer encoded it: 1:6:9, bias 15, implicit 1, mantissa TRUNCATED (toward zero),
    /// no subnormals (|x| &lt; 2^-14 → ±0), exponent field 0 = ±0, 63 = ±inf/NaN, finite overflow saturating at
    /// exponent field 62 (to the largest finite (2 − 2^-9)·2^47). The other, incompatible GF16 (bias 31, mantissa
    /// normalised to [0.5, 1)) is deliberately not implemented (docs/decisions.md).
    /// </summary>
    public static readonly MiniFloatCodec Gf16 = new(new MiniFloatSpec(
        Gf16Name, 6, 9, 15, Subnormals: false, Rounding.TowardZero, SpecialEncoding.ZeroExponentIsZero,
        OverflowPolicy.Saturate));

    private static readonly INumberFormat[] All = [Fp32, Fp16, Bf16, Fp8E4M3, Fp8E5M2, DlFloat, Gf16];

    /// <summary>The canon format names, in registry order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    /// <summary>Every registered format (FP8E4M3 in its saturating mode).</summary>
    public static IReadOnlyList<INumberFormat> Formats { get; } = All;

    /// <summary>The format of canon name <paramref name="name"/> (exact spelling); unknown names throw.</summary>
    public static INumberFormat Get(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? throw new UnknownNumberFormatException(name);

    /// <summary>True when <paramref name="name"/> is a canon format name.</summary>
    public static bool IsKnown(string name) => All.Any(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
