using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Falsification;
using Needle.Core.Phi;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.PhiGrid;

/// <summary>
/// <c>needle falsify --only v5</c>: V5's completeness falsifier (mode 5) on the committed history, its verdict written
/// to assertions/evidence/V5.json. The checks that it can reject: the same table with its top configurations moved onto
/// the grid must be accepted; with the best configuration's width, or its learning rate, planted three φ steps beyond
/// the grid it must be refused, naming that configuration and lever.
/// </summary>
public sealed class V5FalsificationSuite(bool writeEvidence) : IFalsificationSuite
{
    public V5FalsificationSuite() : this(writeEvidence: true) { }

    public string Name => "v5";
    public string Vector => "V5";

    public PhiGridVerdict? Verdict { get; private set; }

    public IReadOnlyList<WitnessResult> Run(FalsificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var historyDir = Path.Combine(context.RepositoryRoot, "data", "history");
        var table = HistoryTable.Load(historyDir);
        var real = PhiGridCompletenessCheck.Judge(table);
        Verdict = real;
        var grid = real.Grid;
        var results = new List<WitnessResult>();

        var onGrid = table with { Records = [.. table.Records.Select(r => real.Top.Any(t => t.ConfigId == r.ConfigId) ? Snapped(r, grid) : r)] };
        var control = PhiGridCompletenessCheck.Judge(onGrid, grid);
        results.Add(new WitnessResult("control: the history with its top configurations moved onto the grid", "accepted (every top configuration within one step)",
            Rejected: !control.Holds, RightReason: control.Holds, control.State.Reason) { Passed = control.Holds });

        var bestId = real.Top[0].ConfigId;
        foreach (var lever in grid.Levers)
        {
            var planted = lever.Key == PhiGridSpace.LearningRateKey ? lever.Values[0] * Math.Pow(PhiConstants.Phi, -3) : lever.Values[^1] * Math.Pow(PhiConstants.Phi, 3);
            var text = lever.Key == PhiGridSpace.LearningRateKey ? planted.ToString("G4", CultureInfo.InvariantCulture) : Math.Round(planted).ToString(CultureInfo.InvariantCulture);
            var damaged = onGrid with { Records = [.. onGrid.Records.Select(r => r.ConfigId == bestId ? With(r, lever.Key, text) : r)] };
            var v = PhiGridCompletenessCheck.Judge(damaged, grid);
            var named = v.Excluded.Any(e => e.ConfigId == bestId && e.Lever == lever.Key);
            results.Add(new WitnessResult($"the best configuration {bestId} with {lever.Key} {text}, three φ steps beyond the grid",
                $"refuted: {bestId} excluded on {lever.Key}, V5 disabled naming it", Rejected: !v.Holds, RightReason: named, v.State.Reason));
        }

        var written = "";
        if (writeEvidence)
        {
            var path = EvidenceWriter.Write(context.RepositoryRoot, "V5", "INV-25", "needle falsify --only v5",
                [Path.Combine(historyDir, HistoryTable.LinesFile), Path.Combine(historyDir, HistoryTable.ManifestFile)], real.Statistic, real.Holds,
                "needle falsify --only v5", real.State.Reason, new JsonObject
                {
                    ["history_exported_trials"] = table.Manifest.ExportedTrials, ["history_partial"] = table.Manifest.Partial,
                    ["grid"] = real.Grid.ToString(), ["restored_grid"] = real.Restored.ToString(),
                    ["top"] = new JsonArray([.. real.Top.Select(t => (JsonNode)string.Create(CultureInfo.InvariantCulture,
                        $"{t.ConfigId} final {t.FinalBpb:0.0000}: {t.Steps:0.00} steps ({t.Lever} {t.Value:G4})"))]),
                });
            written = $"; written to {Path.GetRelativePath(context.RepositoryRoot, path)}";
        }
        results.Add(new WitnessResult($"real verdict on data/history ({ReplayDriver.Replayable(table).Count} configurations)", "recorded as measured (holds or refuted)",
            Rejected: !real.Holds, RightReason: true, $"{real.State.SwitchText}: {real.State.Reason}{written}") { Passed = true });
        return results;
    }

    private static HistoryRecord Snapped(HistoryRecord r, PhiGridSpace grid)
    {
        var snapped = r;
        foreach (var lever in grid.Levers)
            if (lever.ValueOf(r.Config) is { } v)
            {
                var nearest = lever.Values.MinBy(g => Math.Abs(Math.Log(v / g)));
                snapped = With(snapped, lever.Key, nearest.ToString("R", CultureInfo.InvariantCulture));
            }
        return snapped;
    }

    private static HistoryRecord With(HistoryRecord r, string key, string value) =>
        r with { Config = new SortedDictionary<string, string>(r.Config.ToDictionary(), StringComparer.Ordinal) { [key] = value } };
}
