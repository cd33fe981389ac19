using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>
/// Rounding, checked at every gap between adjacent representable values: the exact midpoint (a float, since
/// all these formats have at most 10 mantissa bits) must go to the even code under RNE and down under
/// truncation; its float neighbours must go to the nearer side.
/// </summary>
public sealed class RoundingTests
{
    [Theory]
    [MemberData(nameof(FormatCases.MiniFloatKeys), MemberType = typeof(FormatCases))]
    public void Every_gap_rounds_as_the_format_says(string key)
    {
        var f = FormatCases.ByKey(key);
        var codes = FormatCases.PositiveFiniteCodes(f); // includes +0
        var failures = new List<string>();
        for (var i = 0; i + 1 < codes.Count; i++)
        {
            uint lo = codes[i], hi = codes[i + 1];
            double a = f.Decode(lo), b = f.Decode(hi);
            var mid = (float)((a + b) / 2);
            ((double)mid).Should().Be((a + b) / 2, "the midpoint must be exact in binary32");
            var below = MathF.BitDecrement(mid);
            var above = MathF.BitIncrement(mid);
            uint expectMid, expectAbove;
            if (f.Spec.Rounding == Rounding.NearestEven)
            {
                expectMid = (lo & 1) == 0 ? lo : hi;
                expectAbove = hi;
            }
            else
            {
                expectMid = lo;
                expectAbove = lo;
            }
            Check(below, lo);
            Check(mid, expectMid);
            Check(above, expectAbove);
            Check(MathF.BitDecrement((float)b), f.Spec.Rounding == Rounding.NearestEven ? hi : lo);
            Check((float)b, hi);
            Check(-mid, f.Spec.SignMask | expectMid);
            if (failures.Count > 20) break;
        }
        failures.Should().BeEmpty();

        void Check(float x, uint expected)
        {
            var got = f.Encode(x);
            if (got != expected) failures.Add($"{x:R} encoded to 0x{got:X}, expected 0x{expected:X}");
        }
    }

    [Theory]
    [InlineData("FP16", 1.0f, 0x3C00u)]
    [InlineData("FP16", 65504f, 0x7BFFu)]
    [InlineData("FP16", 5.9604645E-08f, 0x0001u)]          // smallest subnormal 2^-24
    [InlineData("FP16", -2f, 0xC000u)]
    [InlineData("BF16", 1.0f, 0x3F80u)]
    [InlineData("BF16", 3.0f, 0x4040u)]
    [InlineData("FP8E4M3", 448f, 0x7Eu)]
    [InlineData("FP8E4M3", 1.0f, 0x38u)]
    [InlineData("FP8E4M3", 0.001953125f, 0x01u)]            // smallest subnormal 2^-9
    [InlineData("FP8E5M2", 57344f, 0x7Bu)]
    [InlineData("FP8E5M2", 1.0f, 0x3Cu)]
    [InlineData("FP8E5M2", 1.52587890625E-05f, 0x01u)]      // 2^-16
    [InlineData("DLFLOAT", 1.0f, 0x3E00u)]                  // 31 << 9
    [InlineData("DLFLOAT", 8573157376f, 0x7FFEu)]           // (1 + 510/512) · 2^32
    [InlineData("GF16", 1.0f, 0x1E00u)]                     // 15 << 9
    [InlineData("GF16", 1.9999f, 0x1FFFu)]                  // truncated, not rounded up to 2
    [InlineData("GF16", 6.1035156E-05f, 0x0200u)]           // 2^-14, the smallest value
    public void Known_values_have_known_codes(string name, float value, uint code)
    {
        var f = NumberFormats.Get(name);
        f.Encode(value).Should().Be(code);
        if (name != "GF16" || value != 1.9999f) f.Decode(code).Should().Be(value);
    }

    [Fact]
    public void Bf16_ties_go_to_even_exactly_at_half_an_ulp()
    {
        // 1 + 2^-8 lies exactly between bf16 1.0 (0x3F80, even) and 1.0078125 (0x3F81, odd).
        NumberFormats.Bf16.Encode(1f + MathF.ScaleB(1f, -8)).Should().Be(0x3F80u);
        // 1 + 3·2^-8 lies between 0x3F81 (odd) and 0x3F82 (even).
        NumberFormats.Bf16.Encode(1f + 3 * MathF.ScaleB(1f, -8)).Should().Be(0x3F82u);
    }
}
