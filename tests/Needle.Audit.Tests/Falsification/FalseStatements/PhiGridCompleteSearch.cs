using Needle.Audit.Admitted;
using Needle.Core.Phi;

namespace Needle.Audit.Tests.Falsification.FalseStatements;

/// <summary>
/// The control: mirrors the TRUE <c>phi_grid_complete_admitted</c> (INV-17 restated as Admitted): for lo &gt; 0,
/// n ≥ 1 and lo ≤ x ≤ lo·φ^(n−1) some grid point g = lo·φ^k (k &lt; n) has g ≤ x &lt; g·φ. Instances: lo ∈ {0.5, 1, 3},
/// n ∈ 1..8, x at the grid points and 7 points between each pair. The search must find nothing.
/// </summary>
public sealed class PhiGridCompleteSearch : ICounterexampleSearch
{
    public string Theorem => "phi_grid_complete_admitted";

    public CounterexampleResult Search()
    {
        int tried = 0, meeting = 0;
        foreach (var lo in new[] { 0.5, 1.0, 3.0 })
        for (var n = 1; n <= 8; n++)
        {
            var grid = Enumerable.Range(0, n).Select(k => lo * Math.Pow(PhiConstants.Phi, k)).ToArray();
            var hi = lo * Math.Pow(PhiConstants.Phi, n - 1);
            var xs = grid.SelectMany((g, k) => k + 1 < n ? Enumerable.Range(0, 8).Select(i => g + (grid[k + 1] - g) * i / 8) : [g]);
            foreach (var x in xs)
            {
                tried++;
                if (!(lo > 0 && n >= 1 && lo <= x && x <= hi)) continue;
                meeting++;
                if (!grid.Any(g => g <= x && x < g * PhiConstants.Phi))
                    return new CounterexampleResult(tried, meeting, $"lo = {lo}, n = {n}, x = {x}: no grid point within one φ step below x");
            }
        }
        return new CounterexampleResult(tried, meeting, null);
    }
}
