using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>FP16 against .NET's own IEEE binary16 (<see cref="Half"/>), an independent implementation.</summary>
public sealed class SystemHalfAgreementTests
{
    [Fact]
    public void Every_fp16_pattern_decodes_like_system_half()
    {
        var f = NumberFormats.Fp16;
        for (uint code = 0; code <= 0xFFFF; code++)
        {
            var expected = (float)BitConverter.UInt16BitsToHalf((ushort)code);
            var actual = f.Decode(code);
            if (float.IsNaN(expected)) float.IsNaN(actual).Should().BeTrue($"0x{code:X4} is NaN");
            else BitConverter.SingleToUInt32Bits(actual).Should().Be(BitConverter.SingleToUInt32Bits(expected), $"0x{code:X4}");
        }
    }

    [Fact]
    public void Every_fp16_value_and_random_floats_encode_like_system_half()
    {
        var f = NumberFormats.Fp16;
        var rng = new Random(16);
        var inputs = new List<float>();
        for (uint code = 0; code <= 0xFFFF; code++)
        {
            var v = f.Decode(code);
            inputs.Add(v);
            inputs.Add(MathF.BitIncrement(v));
            inputs.Add(MathF.BitDecrement(v));
        }
        for (var i = 0; i < 300_000; i++)
        {
            inputs.Add(BitConverter.Int32BitsToSingle(rng.Next() | (rng.Next(2) << 31))); // any pattern
            inputs.Add((float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-30, 20))));  // the fp16 range
        }
        var mismatches = 0;
        foreach (var x in inputs)
        {
            var expected = BitConverter.HalfToUInt16Bits((Half)x);
            var actual = f.Encode(x);
            var ok = float.IsNaN(x) ? f.IsNaN(actual) && f.IsNaN(expected) : actual == expected;
            if (!ok && ++mismatches <= 5) Assert.Fail($"{x:R}: needle 0x{actual:X4}, System.Half 0x{expected:X4}");
        }
    }
}
