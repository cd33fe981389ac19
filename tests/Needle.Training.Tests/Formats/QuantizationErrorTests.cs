using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>The observed-error report: exact on constructed inputs, and within each format's unit roundoff.</summary>
public sealed class QuantizationErrorTests
{
    [Fact]
    public void Measure_reports_max_mean_and_what_relative_error_cannot_describe()
    {
        float[] original = [1f, 2f, 4f, 0f, 3f, 5f];
        float[] quantized = [1.5f, 2f, 4f, 0f, 0f, float.PositiveInfinity];
        var e = QuantizationError.Measure(original, quantized);
        e.Measured.Should().Be(4); // 1, 2, 4, 3 (0 skipped, 5 overflowed)
        e.MaxRelative.Should().Be(1.0); // 3 → 0
        e.MeanRelative.Should().Be((0.5 + 0 + 0 + 1.0) / 4);
        e.MaxAbsolute.Should().Be(3.0);
        e.FlushedToZero.Should().Be(1);
        e.Overflowed.Should().Be(1);
    }

    [Theory]
    [InlineData("FP16", -11)]
    [InlineData("BF16", -8)]
    [InlineData("FP8E4M3", -4)]
    [InlineData("FP8E5M2", -3)]
    [InlineData("DLFLOAT", -10)]
    [InlineData("GF16", -9)] // truncation: a whole ulp, not half
    public void Weight_like_values_stay_within_the_unit_roundoff(string name, int log2Bound)
    {
        var rng = new Random(9);
        var weights = Enumerable.Range(0, 50_000).Select(_ => (float)((rng.NextDouble() + 0.02) * (rng.Next(2) * 2 - 1))).ToArray();
        var e = QuantizationError.Of(NumberFormats.Get(name), weights);
        e.Measured.Should().Be(weights.Length);
        e.MaxRelative.Should().BeLessThanOrEqualTo(Math.ScaleB(1.0, log2Bound));
        e.MaxRelative.Should().BeGreaterThan(Math.ScaleB(1.0, log2Bound - 1), "the bound is attained closely on 50,000 values");
        e.MeanRelative.Should().BeLessThan(e.MaxRelative);
    }
}
