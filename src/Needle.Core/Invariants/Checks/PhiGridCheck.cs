using Needle.Core.Preregistration;

namespace Needle.Core.Invariants.Checks;

/// <summary>INV-17 at run time: the grid lo·φ^k covers [lo, lo·φ^(n−1)] (as proven) for a spread of lo and n.</summary>
public sealed class PhiGridCheck : IInvariantCheck
{
    public string? FindViolation()
    {
        foreach (var lo in new[] { 1e-4, 3e-3, 1.0, 64.0 })
        for (var n = 1; n <= 12; n++)
        {
            var grid = PhiGridCompleteness.Grid(lo, n);
            if (!PhiGridCompleteness.Holds(grid, lo, grid[^1])) return $"the φ-grid from {lo} with {n} points does not cover [{lo}, {grid[^1]}]";
        }
        return null;
    }
}
