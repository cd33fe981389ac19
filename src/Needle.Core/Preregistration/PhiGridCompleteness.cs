using Needle.Core.Invariants;
using Needle.Core.Phi;

namespace Needle.Core.Preregistration;

/// <summary>
/// INV-17, Proven in Coq (<c>phi_grid_complete</c>, proofs/igla/PhiGrid.v): a φ-grid covers a range when every value x in
/// [lo, hi] has a grid point g with g ≤ x &lt; g·φ — so searching the grid misses no optimum by more than one
/// φ step. The check is on the grid actually used: ascending, starting at or below lo, consecutive ratios at
/// most φ, and the last point within a φ step of hi.
/// </summary>
[Invariant("INV-17")]
public static class PhiGridCompleteness
{
    /// <summary>The largest ratio between neighbouring grid points.</summary>
    public const double MaxStepRatio = PhiConstants.Phi;

    /// <summary>Relative slack for rounding in grids built as lo·φ^k in double precision.</summary>
    public const double RelativeSlack = 1e-12;

    /// <summary>The grid lo·φ^k, k = 0 … count−1 (Coq's <c>phi_grid</c>).</summary>
    public static double[] Grid(double lo, int count)
    {
        if (!(lo > 0) || !double.IsFinite(lo)) throw new ArgumentOutOfRangeException(nameof(lo), lo, "The grid's lower end must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Enumerable.Range(0, count).Select(k => lo * Math.Pow(PhiConstants.Phi, k)).ToArray();
    }

    /// <summary>True when <paramref name="grid"/> covers [<paramref name="lo"/>, <paramref name="hi"/>] in φ steps.</summary>
    public static bool Holds(IReadOnlyList<double> grid, double lo, double hi)
    {
        if (!(lo > 0) || !(hi >= lo) || !double.IsFinite(hi))
            throw new ArgumentOutOfRangeException(nameof(hi), hi, $"Need 0 < lo ≤ hi, got lo {lo}, hi {hi}.");
        if (grid.Count == 0 || grid.Any(g => !(g > 0) || !double.IsFinite(g))) return false;
        if (grid[0] > lo * (1 + RelativeSlack)) return false;
        for (var i = 1; i < grid.Count; i++)
        {
            if (!(grid[i] > grid[i - 1])) return false;
            if (grid[i] / grid[i - 1] > MaxStepRatio * (1 + RelativeSlack)) return false;
        }
        return grid[^1] * MaxStepRatio * (1 + RelativeSlack) > hi;
    }
}
