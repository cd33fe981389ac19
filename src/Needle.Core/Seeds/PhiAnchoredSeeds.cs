using System.Numerics;

namespace Needle.Core.Seeds;

/// <summary>
/// The plan's φ-anchored seeds: seed_k = ⌊φ^k · 10^6⌋ mod 2^32. Computed exactly in integers — φ^k = (L_k + F_k·√5)/2
/// with Lucas and Fibonacci numbers — because a double loses the integer part of φ^k·10^6 beyond k ≈ 47, which
/// would silently change the seeds on another machine or runtime.
/// </summary>
public static class PhiAnchoredSeeds
{
    private const long Scale = 1_000_000;

    /// <summary>seed_k for k ≥ 0 (seed_0 = 10^6, seed_1 = 1 618 033, seed_2 = 2 618 033, …).</summary>
    public static uint Seed(int k)
    {
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "φ-anchored seeds are defined for k ≥ 0");
        var floor = FloorPhiPowerTimesScale(k);
        return (uint)(floor & uint.MaxValue);
    }

    /// <summary>⌊φ^k·10^6⌋ exactly (before the mod 2^32).</summary>
    public static BigInteger FloorPhiPowerTimesScale(int k)
    {
        if (k == 0) return Scale;
        var (fib, lucas) = FibonacciAndLucas(k);
        // φ^k·10^6 = (L_k·10^6 + F_k·10^6·√5) / 2. F_k·10^6·√5 is irrational (k ≥ 1), so
        // ⌊(A + x)/2⌋ = ⌊(A + ⌊x⌋)/2⌋ for integer A, and ⌊x⌋ = isqrt(5·(F_k·10^6)^2).
        var scaledFib = fib * Scale;
        var floorRoot = IntegerSqrt(5 * scaledFib * scaledFib);
        return (lucas * Scale + floorRoot) / 2;
    }

    /// <summary>The seeds seed_0 … seed_{count−1}.</summary>
    public static IEnumerable<uint> Sequence(int count)
    {
        for (var k = 0; k < count; k++) yield return Seed(k);
    }

    private static (BigInteger Fib, BigInteger Lucas) FibonacciAndLucas(int k)
    {
        BigInteger f0 = 0, f1 = 1; // F_0, F_1
        BigInteger l0 = 2, l1 = 1; // L_0, L_1
        for (var i = 0; i < k; i++)
        {
            (f0, f1) = (f1, f0 + f1);
            (l0, l1) = (l1, l0 + l1);
        }
        return (f0, l0);
    }

    private static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n < 2) return n;
        // Newton's method from an upper bound; converges monotonically down to ⌊√n⌋.
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) / 2;
            if (y >= x) return x;
            x = y;
        }
    }
}
