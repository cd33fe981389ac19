using System.Globalization;
using Needle.Core.Phi;

namespace Needle.Core.Invariants.Checks;

/// <summary>INV-1 at run time: φ is (1 + √5)/2 and φ² + φ⁻² evaluates to 3.</summary>
public sealed class TrinityCheck : IInvariantCheck
{
    public string? FindViolation()
    {
        var closedForm = (1 + Math.Sqrt(5)) / 2;
        if (Math.Abs(PhiConstants.Phi - closedForm) > 1e-15)
            return string.Create(CultureInfo.InvariantCulture, $"PhiConstants.Phi = {PhiConstants.Phi:R}, but (1 + √5)/2 = {closedForm:R}");
        return PhiConstants.TrinityHolds()
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"φ² + φ⁻² = {PhiConstants.TrinitySum():R}, not 3");
    }
}
