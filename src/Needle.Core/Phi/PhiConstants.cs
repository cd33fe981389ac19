using Needle.Core.Invariants;

namespace Needle.Core.Phi;

/// <summary>
/// The golden ratio and the trinity identity φ² + φ⁻² = 3 (INV-1, proven in proofs/igla/Trinity.v as
/// <c>trinity_identity</c>). The constants are literals so the audit can compare them with the registry's
/// numeric anchors; tests check each literal against its closed form.
/// </summary>
[Invariant("INV-1")]
public static class PhiConstants
{
    /// <summary>φ = (1 + √5) / 2, as the nearest double.</summary>
    public const double Phi = 1.618033988749895;

    /// <summary>1/φ (= φ − 1 over the reals), as the double nearest 1.0 / Phi, not 0.618 (docs/decisions.md).</summary>
    public const double InversePhi = 0.6180339887498948;

    /// <summary>φ² + φ⁻², exactly 3 over the reals.</summary>
    public const int Trinity = 3;

    /// <summary>φ² + φ⁻² evaluated in double precision; within a few ulps of <see cref="Trinity"/>.</summary>
    public static double TrinitySum() => Phi * Phi + 1.0 / (Phi * Phi);

    /// <summary>The run-time check of INV-1: the computed sum is 3 within <paramref name="tolerance"/>.</summary>
    public static bool TrinityHolds(double tolerance = 1e-12) => Math.Abs(TrinitySum() - Trinity) <= tolerance;
}
