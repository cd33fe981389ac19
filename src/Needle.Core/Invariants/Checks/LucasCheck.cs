using Needle.Core.Phi;

namespace Needle.Core.Invariants.Checks;

/// <summary>INV-2 at run time: φ^(2n) + φ^(−2n) is L_(2n) for n = 0 … 30.</summary>
public sealed class LucasCheck : IInvariantCheck
{
    public string? FindViolation()
    {
        for (var n = 0; n <= 30; n++)
            if (!Lucas.ClosureHolds(n, 1e-10)) return $"φ^{2 * n} + φ^-{2 * n} = {Lucas.PowerSum(n)} is not L_{2 * n} = {Lucas.EvenIndex(n)}";
        return null;
    }
}
