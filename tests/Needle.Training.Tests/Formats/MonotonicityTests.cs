using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>
/// Encoding is monotone: x ≤ y implies value(encode(x)) ≤ value(encode(y)), checked over a dense sweep of
/// binary32 (a fixed stride through every pattern) plus every float within a window around each end of each
/// format's range: the underflow/subnormal region and the overflow threshold.
/// </summary>
public sealed class MonotonicityTests
{
    [Theory]
    [MemberData(nameof(FormatCases.MiniFloatKeys), MemberType = typeof(FormatCases))]
    public void Encoding_is_monotone_over_a_dense_sweep(string key)
    {
        var f = FormatCases.ByKey(key);
        var sweep = new List<uint>();
        for (ulong b = 0; b <= 0x7F80_0000; b += 2039) sweep.Add((uint)b); // prime stride through all exponents
        AddWindow(sweep, f.SmallestPositive);
        AddWindow(sweep, MathF.ScaleB(1f, f.Spec.MinNormalField - f.Spec.Bias));
        AddWindow(sweep, f.MaxFinite);
        sweep.Add(0x7F80_0000);
        sweep.Sort();

        var previous = float.NegativeInfinity;
        var previousInput = 0u;
        var checkedCount = 0;
        var failures = new List<string>();
        // Positive inputs ascending, then the same mirrored: negative inputs ascending toward -0.
        foreach (var bits in sweep)
        {
            var q = f.Decode(f.Encode(BitConverter.UInt32BitsToSingle(bits)));
            if (float.IsNaN(q)) { previous = float.PositiveInfinity; continue; } // overflow to NaN: nothing may follow but NaN
            if (q < previous && failures.Count < 10) failures.Add($"+0x{bits:X8} → {q:R} after 0x{previousInput:X8} → {previous:R}");
            previous = q;
            previousInput = bits;
            checkedCount++;
        }
        previous = float.NegativeInfinity;
        for (var i = sweep.Count - 1; i >= 0; i--)
        {
            var q = f.Decode(f.Encode(-BitConverter.UInt32BitsToSingle(sweep[i])));
            if (float.IsNaN(q)) continue; // only the most negative overflow can be NaN, at the start
            if (q < previous && failures.Count < 10) failures.Add($"-0x{sweep[i]:X8} → {q:R} after {previous:R}");
            previous = q;
        }
        failures.Should().BeEmpty();
        checkedCount.Should().BeGreaterThan(1_000_000);
    }

    [Fact]
    public void Non_saturating_e4m3_is_nan_exactly_beyond_464()
    {
        var f = NumberFormats.Fp8E4M3NonSaturating;
        for (var x = 440f; x < 500f; x = MathF.BitIncrement(x))
            f.IsNaN(f.Encode(x)).Should().Be(x > 464f);
    }

    private static void AddWindow(List<uint> sweep, float around)
    {
        var centre = BitConverter.SingleToUInt32Bits(around);
        var lo = centre > 300_000 ? centre - 300_000 : 0;
        for (var b = lo; b <= centre + 300_000 && b <= 0x7F80_0000; b++) sweep.Add(b);
    }
}
