using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>The vectorised fake quantisation equals the scalar codec's round trip bit for bit.</summary>
public sealed class VectorisedQuantizeTests
{
    public static TheoryData<string> AllKeys
    {
        get
        {
            var data = FormatCases.MiniFloatKeys;
            data.Add("FP32");
            return data;
        }
    }

    private static INumberFormat Resolve(string key) => key == "FP32" ? NumberFormats.Fp32 : FormatCases.ByKey(key);

    [Theory]
    [MemberData(nameof(AllKeys))]
    public void Quantize_equals_decode_of_encode_on_random_and_special_inputs(string key)
    {
        var f = Resolve(key);
        var inputs = Inputs(f, seed: 7);
        var fast = new float[inputs.Length];
        f.Quantize(inputs, fast);
        var failures = new List<string>();
        for (var i = 0; i < inputs.Length && failures.Count < 10; i++)
        {
            var slow = f.Decode(f.Encode(inputs[i]));
            if (FormatCases.Bits(slow) != FormatCases.Bits(fast[i]))
                failures.Add($"{inputs[i]:R} (0x{FormatCases.Bits(inputs[i]):X8}): vector 0x{FormatCases.Bits(fast[i]):X8}, scalar 0x{FormatCases.Bits(slow):X8}");
        }
        failures.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(1001)]
    public void Every_length_including_tails_is_quantised(int length)
    {
        foreach (var f in NumberFormats.Formats)
        {
            var rng = new Random(length);
            var src = Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 10 - 5)).ToArray();
            var dst = new float[length];
            f.Quantize(src, dst);
            for (var i = 0; i < length; i++) dst[i].Should().Be(f.Decode(f.Encode(src[i])), f.Name);
        }
    }

    [Fact]
    public void Quantize_in_place_works_and_a_short_destination_is_rejected()
    {
        var values = new[] { 1.1f, 2.2f, 3.3f, 4.4f, 5.5f, 6.6f, 7.7f, 8.8f, 9.9f };
        var expected = values.Select(v => NumberFormats.Bf16.Decode(NumberFormats.Bf16.Encode(v))).ToArray();
        NumberFormats.Bf16.Quantize(values, values);
        values.Should().Equal(expected);
        var act = () => NumberFormats.Fp16.Quantize(new float[4], new float[3]);
        act.Should().Throw<ArgumentException>();
    }

    /// <summary>Random patterns, values in and around the format's range, every code's value and its neighbours.</summary>
    private static float[] Inputs(INumberFormat f, int seed)
    {
        var rng = new Random(seed);
        var list = new List<float>
        {
            0f, -0f, float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue,
            float.MinValue, float.Epsilon, -float.Epsilon, BitConverter.UInt32BitsToSingle(0x7F80_0001),
            BitConverter.UInt32BitsToSingle(0xFFFF_FFFF), BitConverter.UInt32BitsToSingle(0x007F_FFFF),
            f.MaxFinite, -f.MaxFinite, MathF.BitIncrement(f.MaxFinite),
        };
        if (f.BitWidth <= 16)
        {
            for (uint c = 0; c < 1u << f.BitWidth; c++)
            {
                var v = f.Decode(c);
                list.Add(v);
                list.Add(MathF.BitIncrement(v));
                list.Add(MathF.BitDecrement(v));
                if (c + 1 < 1u << f.BitWidth) list.Add((float)(((double)v + f.Decode(c + 1)) / 2)); // ties
            }
        }
        for (var i = 0; i < 200_000; i++)
        {
            list.Add(BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 1L << 32)));
            list.Add((float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-40, 50))));
        }
        return list.ToArray();
    }
}
