using System.Numerics;
using Needle.Core.Seeds;

namespace Needle.Core.Tests.Seeds;

public sealed class PhiAnchoredSeedsTests
{
    [Theory]
    [InlineData(0, 1_000_000u)]
    [InlineData(1, 1_618_033u)]   // φ = 1.6180339887…
    [InlineData(2, 2_618_033u)]   // φ² = 2.6180339887…
    [InlineData(3, 4_236_067u)]   // φ³ = 4.2360679774…
    [InlineData(10, 122_991_869u)] // φ¹⁰ = 122.9918693812…
    public void Known_values(int k, uint expected) => PhiAnchoredSeeds.Seed(k).Should().Be(expected);

    [Fact]
    public void Agrees_with_double_arithmetic_where_doubles_are_exact_enough()
    {
        var phi = (1 + Math.Sqrt(5)) / 2;
        for (var k = 0; k <= 30; k++)
        {
            var viaDouble = (ulong)Math.Floor(Math.Pow(phi, k) * 1e6);
            PhiAnchoredSeeds.FloorPhiPowerTimesScale(k).Should().Be(new BigInteger(viaDouble), $"k = {k}");
        }
    }

    [Fact]
    public void Is_the_exact_floor_for_large_k_checked_by_squares()
    {
        // Independent check of ⌊(L·S + F·S·√5)/2⌋ = m: 2m − L·S ≤ F·S·√5 < 2m + 2 − L·S, squared (both sides ≥ 0 here).
        for (var k = 1; k <= 200; k += 7)
        {
            BigInteger f0 = 0, f1 = 1, l0 = 2, l1 = 1;
            for (var i = 0; i < k; i++) { (f0, f1) = (f1, f0 + f1); (l0, l1) = (l1, l0 + l1); }
            var s = new BigInteger(1_000_000);
            var m = PhiAnchoredSeeds.FloorPhiPowerTimesScale(k);
            var lo = 2 * m - l0 * s;
            var hi = 2 * m + 2 - l0 * s;
            var target = 5 * (f0 * s) * (f0 * s);
            lo.Sign.Should().BeGreaterThanOrEqualTo(0);
            (lo * lo <= target && target < hi * hi).Should().BeTrue($"k = {k}");
            PhiAnchoredSeeds.Seed(k).Should().Be((uint)(m % (BigInteger.One << 32)));
        }
    }

    [Fact]
    public void Negative_k_is_rejected() =>
        ((Action)(() => PhiAnchoredSeeds.Seed(-1))).Should().Throw<ArgumentOutOfRangeException>();
}
