using Needle.Core.Vectors;
using System.Globalization;
using Needle.Core.Preregistration;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.PhiGrid;

/// <summary>A top configuration and how far, in grid steps, it lies from the grid on its farthest φ lever.</summary>
public sealed record PhiGridDistance(string ConfigId, double FinalBpb, string Lever, double Value, double Steps);

/// <summary>V5's verdict: the top configurations' distances, those excluded, the grid to search (restored if refuted), and the vector's state.</summary>
public sealed record PhiGridVerdict(
    IReadOnlyList<PhiGridDistance> Top, IReadOnlyList<PhiGridDistance> Excluded, double MaxDistanceSteps, bool Holds,
    PhiGridSpace Grid, PhiGridSpace Restored, VectorState State)
{
    public IReadOnlyDictionary<string, double> Statistic => new Dictionary<string, double>
    {
        ["max_distance_grid_steps"] = MaxDistanceSteps, ["excluded_top_configurations"] = Excluded.Count,
    };
}

/// <summary>
/// Falsifier mode 5 (completeness): the top 10% of the history's configurations by final whole-split BPB (at least one)
/// must each lie within <see cref="V5PhiGridCoverage.MaxGridSteps"/> grid step of the φ-grid on every φ lever. If any
/// does not, the excluded values are restored to the grid (the restored grid is what a search would use) and V5 is
/// disabled, naming them.
/// </summary>
public static class PhiGridCompletenessCheck
{
    public const double TopShare = 0.10;

    public static PhiGridVerdict Judge(HistoryTable table) => Judge(table, PhiGridSpace.FromHistory(ReplayDriver.Replayable(table)));

    public static PhiGridVerdict Judge(HistoryTable table, PhiGridSpace grid)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(grid);
        var finals = ReplayDriver.Replayable(table).Select(r => (Record: r, Final: r.AtRung(table.Horizon))).Where(x => x.Final is not null)
            .OrderBy(x => x.Final).ThenBy(x => x.Record.ConfigId, StringComparer.Ordinal).ToList();
        if (finals.Count == 0) throw new ArgumentException("the history has no configuration that reached its horizon: nothing to judge V5 on");
        var top = finals.Take(Math.Max(1, (int)Math.Ceiling(TopShare * finals.Count))).Select(x => Farthest(grid, x.Record, x.Final!.Value)).ToList();
        var excluded = top.Where(d => d.Steps > V5PhiGridCoverage.MaxGridSteps).ToList();
        var max = top.Max(d => d.Steps);
        var holds = V5PhiGridCoverage.Holds(max, excluded.Count);
        var restored = grid.WithRestored(excluded.GroupBy(d => d.Lever).ToDictionary(g => g.Key, g => (IReadOnlyList<double>)[.. g.Select(d => d.Value)]));
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"top {top.Count} of {finals.Count} configurations, farthest {max:0.00} grid steps from the φ-grid ({grid})");
        var state = JudgedState.Of("V5", holds, holds
            ? figures
            : figures + "; excluded: " + string.Join(", ", excluded.Select(d => string.Create(CultureInfo.InvariantCulture,
                $"{d.ConfigId} {d.Lever} {d.Value:G4} ({d.Steps:0.00} steps, final BPB {d.FinalBpb:0.0000})"))) + " — values restored, V5 disabled");
        return new PhiGridVerdict(top, excluded, max, holds, grid, restored, state);
    }

    private static PhiGridDistance Farthest(PhiGridSpace grid, HistoryRecord record, double final)
    {
        var farthest = new PhiGridDistance(record.ConfigId, final, "-", double.NaN, 0);
        foreach (var lever in grid.Levers)
            if (lever.ValueOf(record.Config) is { } v && lever.DistanceInSteps(v) is var steps && steps > farthest.Steps)
                farthest = new PhiGridDistance(record.ConfigId, final, lever.Key, v, steps);
        return farthest;
    }
}
