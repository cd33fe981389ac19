using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>Every pattern of every 8/16-bit format decodes and re-encodes to itself (NaNs and redundant zeros aside).</summary>
public sealed class ExhaustiveRoundTripTests
{
    [Theory]
    [MemberData(nameof(FormatCases.MiniFloatKeys), MemberType = typeof(FormatCases))]
    public void Every_canonical_pattern_round_trips_bit_exactly(string key)
    {
        var f = FormatCases.ByKey(key);
        var failures = new List<string>();
        var canonical = 0;
        foreach (var code in FormatCases.AllCodes(f))
        {
            var value = f.Decode(code);
            var again = f.Encode(value);
            if (f.IsNaN(code))
            {
                if (!float.IsNaN(value)) failures.Add($"NaN code 0x{code:X} decoded to {value}");
                else if (!f.IsNaN(again)) failures.Add($"NaN 0x{code:X} re-encoded to non-NaN 0x{again:X}");
                continue;
            }
            if (float.IsNaN(value)) { failures.Add($"non-NaN code 0x{code:X} decoded to NaN"); continue; }
            if (f.IsCanonical(code))
            {
                canonical++;
                if (again != code) failures.Add($"0x{code:X} → {value:R} → 0x{again:X}");
            }
            else if (f.Decode(again) != value || BitConverter.SingleToUInt32Bits(f.Decode(again)) != BitConverter.SingleToUInt32Bits(value))
            {
                failures.Add($"redundant 0x{code:X} → {value:R} re-encodes to 0x{again:X} of a different value");
            }
        }
        failures.Should().BeEmpty();
        canonical.Should().BeGreaterThan((1 << f.BitWidth) * 3 / 4, "almost every pattern is a canonical number");
    }

    [Fact]
    public void Only_gf16_has_redundant_patterns_and_they_are_its_exponent_zero_spellings_of_zero()
    {
        foreach (var f in FormatCases.MiniFloats)
        {
            var redundant = FormatCases.AllCodes(f).Where(c => !f.IsNaN(c) && !f.IsCanonical(c)).ToList();
            if (f.Name == NumberFormats.Gf16Name)
            {
                redundant.Should().HaveCount(2 * 511);
                redundant.Should().OnlyContain(c => ((c & 0x7FFF) >> 9) == 0 && f.Decode(c) == 0f);
            }
            else
            {
                redundant.Should().BeEmpty(f.Name);
            }
        }
    }

    [Theory]
    [InlineData("FP16", 2 * 1023)]   // exponent 31, mantissa ≠ 0
    [InlineData("BF16", 2 * 127)]
    [InlineData("FP8E4M3", 2)]       // S.1111.111 only
    [InlineData("FP8E5M2", 2 * 3)]
    [InlineData("DLFLOAT", 2)]       // 0x7FFF and 0xFFFF only
    [InlineData("GF16", 2 * 511)]
    public void Nan_pattern_counts_match_the_specification(string name, int nanCount)
    {
        var f = NumberFormats.Get(name);
        FormatCases.AllCodes(f).Count(f.IsNaN).Should().Be(nanCount);
    }

    [Fact]
    public void Fp32_round_trips_random_patterns_and_keeps_nan_payloads()
    {
        var f = NumberFormats.Fp32;
        var rng = new Random(4);
        for (var i = 0; i < 100_000; i++)
        {
            var code = (uint)rng.NextInt64(0, 1L << 32);
            f.Encode(f.Decode(code)).Should().Be(code);
        }
    }
}
