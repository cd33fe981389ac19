using Needle.Core.Invariants;

namespace Needle.Core.Phi;

/// <summary>
/// Lucas closure (INV-2, proven in proofs/igla/Lucas.v as <c>lucas_closure</c>): φ^(2n) + φ^(−2n) is the
/// integer L_(2n). <see cref="EvenIndex"/> mirrors Coq's <c>lucas_even</c>: L_0 = 2, L_2 = 3 and
/// L_(2(k+2)) = 3·L_(2(k+1)) − L_(2k), giving 2, 3, 7, 18, 47, 123, 322, …
/// Terms are named by their Lucas index 2n, not by n (docs/decisions.md).
/// </summary>
[Invariant("INV-2")]
public static class Lucas
{
    /// <summary>L_0, the first even-index Lucas number.</summary>
    public const long L0 = 2;

    /// <summary>L_2 = φ² + φ⁻² = 3, the trinity.</summary>
    public const long L2 = 3;

    /// <summary>The largest n for which L_(2n) fits in a long.</summary>
    public const int MaxEvenIndex = 45;

    /// <summary>L_(2n) by the recurrence, exact in 64-bit integers for 0 ≤ n ≤ <see cref="MaxEvenIndex"/>.</summary>
    public static long EvenIndex(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxEvenIndex);
        long previous = L0, current = L2;
        if (n == 0) return previous;
        for (var k = 1; k < n; k++)
        {
            (previous, current) = (current, checked(3 * current - previous));
        }
        return current;
    }

    /// <summary>φ^(2n) + φ^(−2n) in double precision (the left-hand side of the closure).</summary>
    public static double PowerSum(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var a = Math.Pow(PhiConstants.Phi, 2 * n);
        return a + 1.0 / a;
    }

    /// <summary>
    /// The run-time check of INV-2: the power sum rounds to the integer L_(2n) with a relative error below
    /// <paramref name="relativeTolerance"/> (double precision loses absolute accuracy as L_(2n) grows).
    /// </summary>
    public static bool ClosureHolds(int n, double relativeTolerance = 1e-12)
    {
        var exact = EvenIndex(n);
        return Math.Abs(PowerSum(n) - exact) <= relativeTolerance * exact;
    }
}
