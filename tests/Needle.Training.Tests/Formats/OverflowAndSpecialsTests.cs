using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>What each format does beyond its range, below it, and with ±inf and NaN — stated per mode.</summary>
public sealed class OverflowAndSpecialsTests
{
    private static uint Enc(INumberFormat f, float x) => f.Encode(x);

    [Fact]
    public void Fp16_overflows_to_infinity_from_the_rne_midpoint_65520()
    {
        var f = NumberFormats.Fp16;
        Enc(f, MathF.BitDecrement(65520f)).Should().Be(0x7BFFu);
        Enc(f, 65520f).Should().Be(0x7C00u);
        Enc(f, -1e10f).Should().Be(0xFC00u);
        Enc(f, float.PositiveInfinity).Should().Be(0x7C00u);
        f.IsNaN(Enc(f, float.NaN)).Should().BeTrue();
    }

    [Fact]
    public void Fp8E4M3_saturating_clamps_overflow_and_infinity_to_448()
    {
        var f = NumberFormats.Fp8E4M3;
        Enc(f, 464f).Should().Be(0x7Eu, "the tie between 448 and the missing 480 goes to even 448");
        Enc(f, 465f).Should().Be(0x7Eu);
        Enc(f, 1e30f).Should().Be(0x7Eu);
        Enc(f, float.PositiveInfinity).Should().Be(0x7Eu);
        Enc(f, float.NegativeInfinity).Should().Be(0xFEu);
        // float.NaN has its sign bit set on .NET; spell both NaNs out.
        Enc(f, BitConverter.UInt32BitsToSingle(0x7FC0_0000)).Should().Be(0x7Fu);
        Enc(f, BitConverter.UInt32BitsToSingle(0xFFC0_0000)).Should().Be(0xFFu);
        float.IsNaN(f.Decode(0x7F)).Should().BeTrue();
        f.Decode(0x78).Should().Be(256f, "S.1111.000 is a normal number in E4M3, not infinity");
    }

    [Fact]
    public void Fp8E4M3_non_saturating_turns_overflow_and_infinity_into_nan()
    {
        var f = NumberFormats.Fp8E4M3NonSaturating;
        Enc(f, 464f).Should().Be(0x7Eu);
        Enc(f, MathF.BitIncrement(464f)).Should().Be(0x7Fu);
        Enc(f, -1e30f).Should().Be(0xFFu);
        Enc(f, float.PositiveInfinity).Should().Be(0x7Fu);
    }

    [Fact]
    public void Fp8E5M2_overflows_to_infinity_from_61440_and_has_subnormals()
    {
        var f = NumberFormats.Fp8E5M2;
        Enc(f, MathF.BitDecrement(61440f)).Should().Be(0x7Bu);
        Enc(f, 61440f).Should().Be(0x7Cu);
        f.Decode(0x7C).Should().Be(float.PositiveInfinity);
        f.Decode(0x02).Should().Be(MathF.ScaleB(1f, -15));
        Enc(f, MathF.ScaleB(1f, -17)).Should().Be(0x00u, "half the smallest subnormal ties to even 0");
        Enc(f, MathF.BitIncrement(MathF.ScaleB(1f, -17))).Should().Be(0x01u);
    }

    [Fact]
    public void DlFloat_has_one_nan_inf_symbol_and_no_subnormals()
    {
        var f = NumberFormats.DlFloat;
        float.IsNaN(f.Decode(0x7FFF)).Should().BeTrue();
        f.Decode(0x7E00).Should().Be(MathF.ScaleB(1f, 32), "exponent field 63 holds normal numbers");
        Enc(f, float.PositiveInfinity).Should().Be(0x7FFFu);
        Enc(f, float.NegativeInfinity).Should().Be(0xFFFFu);
        Enc(f, 1e20f).Should().Be(0x7FFFu, "overflow goes to the NaN/inf symbol");
        var smallest = MathF.ScaleB(1f + 1f / 512, -31);
        f.Decode(0x0001).Should().Be(smallest);
        f.Decode(0x0000).Should().Be(0f);
        Enc(f, MathF.ScaleB(1f, -31)).Should().Be(0x0001u, "2^-31 itself is not representable; the nearest is the smallest");
        Enc(f, smallest / 2).Should().Be(0x0000u, "an exact tie between 0 and the smallest goes to the even code 0");
        Enc(f, MathF.BitIncrement(smallest / 2)).Should().Be(0x0001u);
        Enc(f, -1e-30f).Should().Be(0x8000u);
    }

    [Fact]
    public void Gf16_truncates_flushes_saturates_and_keeps_infinity()
    {
        var f = NumberFormats.Gf16;
        Enc(f, MathF.BitDecrement(MathF.ScaleB(1f, -14))).Should().Be(0x0000u, "no subnormals: below 2^-14 is zero");
        Enc(f, -1e-10f).Should().Be(0x8000u);
        var max = MathF.ScaleB(2f - 1f / 512, 47);
        f.MaxFinite.Should().Be(max);
        Enc(f, MathF.ScaleB(1f, 48)).Should().Be(0x7DFFu, "finite overflow saturates at exponent field 62");
        Enc(f, float.MaxValue).Should().Be(0x7DFFu);
        Enc(f, float.PositiveInfinity).Should().Be(0x7E00u);
        f.Decode(0x7E00).Should().Be(float.PositiveInfinity);
        f.IsNaN(Enc(f, float.NaN)).Should().BeTrue();
        f.Decode(0x0123).Should().Be(0f, "exponent field 0 means zero whatever the mantissa");
        Enc(f, MathF.BitDecrement(3f)).Should().Be(Enc(f, 2.99609375f), "truncation never rounds up");
    }

    [Theory]
    [MemberData(nameof(FormatCases.RegistryNames), MemberType = typeof(FormatCases))]
    public void Signed_zeros_keep_their_sign_and_nan_stays_nan(string name)
    {
        var f = NumberFormats.Get(name);
        BitConverter.SingleToUInt32Bits(f.Decode(f.Encode(-0f))).Should().Be(0x8000_0000u);
        BitConverter.SingleToUInt32Bits(f.Decode(f.Encode(0f))).Should().Be(0u);
        float.IsNaN(f.Decode(f.Encode(float.NaN))).Should().BeTrue();
    }

    [Fact]
    public void Codes_wider_than_the_format_are_rejected()
    {
        var act = () => NumberFormats.Fp8E5M2.Decode(0x100);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*0x100*8 bits*");
    }
}
