using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>The engine-facing contract: forward rounds, backward passes the gradient straight through.</summary>
public sealed class StraightThroughQuantizerTests
{
    [Theory]
    [MemberData(nameof(FormatCases.RegistryNames), MemberType = typeof(FormatCases))]
    public void Forward_rounds_into_the_format_and_leaves_the_master_weights_untouched(string name)
    {
        var quantizer = StraightThroughQuantizer.For(name);
        quantizer.FormatName.Should().Be(name);
        var rng = new Random(3);
        var master = Enumerable.Range(0, 1000).Select(_ => (float)(rng.NextDouble() * 0.2 - 0.1)).ToArray();
        var before = master.ToArray();
        var quantized = new float[master.Length];
        quantizer.QuantizeForward(master, quantized);
        master.Should().Equal(before);
        var f = NumberFormats.Get(name);
        for (var i = 0; i < master.Length; i++) quantized[i].Should().Be(f.Decode(f.Encode(master[i])));
        if (name != "FP32") quantized.Should().NotEqual(master, "a narrower format must change some weights");
    }

    [Fact]
    public void Backward_is_the_identity_even_where_the_forward_saturated()
    {
        var quantizer = StraightThroughQuantizer.For("FP8E4M3");
        var master = new[] { 1000f, -0.3f, 1e-9f };
        var quantized = new float[3];
        quantizer.QuantizeForward(master, quantized);
        quantized[0].Should().Be(448f);
        quantized[2].Should().Be(0f);
        var grad = new[] { 0.5f, -2f, 3f };
        var gradMaster = new float[3];
        quantizer.BackwardStraightThrough(grad, gradMaster);
        gradMaster.Should().Equal(grad);
    }

    [Fact]
    public void Mismatched_spans_are_rejected_with_both_lengths()
    {
        var quantizer = StraightThroughQuantizer.For("BF16");
        var forward = () => quantizer.QuantizeForward(new float[4], new float[5]);
        forward.Should().Throw<ArgumentException>().WithMessage("*5*4*");
        var backward = () => quantizer.BackwardStraightThrough(new float[4], new float[2]);
        backward.Should().Throw<ArgumentException>().WithMessage("*2*4*");
    }
}

/// <summary>
/// The format is a live lever (upstream, it once only changed a file name): every two registered formats — and
/// the two E4M3 overflow modes — quantise some realistic weight span differently.
/// </summary>
public sealed class FormatIsALiveLeverTests
{
    [Fact]
    public void Every_pair_of_formats_changes_the_quantised_weights()
    {
        var rng = new Random(11);
        // Weights at init scale plus a few outliers, so range differences (448, 57344, 2^32, …) show too.
        var weights = Enumerable.Range(0, 4096).Select(_ => (float)((rng.NextDouble() - 0.5) * 0.1)).ToList();
        weights.AddRange([500f, 70_000f, 1e-7f, 1e12f]);
        var formats = NumberFormats.Formats.Append(NumberFormats.Fp8E4M3NonSaturating).ToList();
        var outputs = formats.Select(f =>
        {
            var q = new float[weights.Count];
            f.Quantize(weights.ToArray(), q);
            return q;
        }).ToList();
        for (var a = 0; a < formats.Count; a++)
        for (var b = a + 1; b < formats.Count; b++)
        {
            outputs[a].Select(BitConverter.SingleToUInt32Bits)
                .SequenceEqual(outputs[b].Select(BitConverter.SingleToUInt32Bits))
                .Should().BeFalse($"{formats[a].Name} and {formats[b].Name} (#{a}, #{b}) must differ");
        }
    }
}
