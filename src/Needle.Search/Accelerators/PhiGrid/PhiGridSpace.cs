using Needle.Core.Phi;
using Needle.Search.History;

namespace Needle.Search.Accelerators.PhiGrid;

/// <summary>
/// V5's φ-pruned grid: the levers searched on φ-spaced values — width (<c>d_model</c>) round(64·φ^k) and learning rate
/// <see cref="LearningRateBase"/>·φ^−k — with the k ranges the history space declares (its <c>phi-grid</c> core);
/// every other lever keeps the values the space declares (the grid does not restrict it).
/// </summary>
public sealed record PhiGridSpace(IReadOnlyList<PhiLeverGrid> Levers)
{
    /// <summary>The history's φ-grid origin (spaces/history.json: "lr 0.003 φ^-k").</summary>
    public const double LearningRateBase = 0.003;

    public const string WidthKey = "d_model";
    public const string LearningRateKey = "lr";

    /// <summary>The origin tag of the history space's φ-grid core.</summary>
    public const string CoreOrigin = "phi-grid";

    /// <summary>The grid declared by the history: the k ranges of its φ-grid core's widths and learning rates.</summary>
    public static PhiGridSpace FromHistory(IEnumerable<HistoryRecord> records)
    {
        var core = records.Where(r => r.Origin == CoreOrigin).ToList();
        if (core.Count == 0) throw new ArgumentException($"the history has no '{CoreOrigin}' configurations: it declares no φ-grid");
        var logPhi = Math.Log(PhiConstants.Phi);
        var widthKs = core.Select(r => Value(r, WidthKey)).Select(w => (int)Math.Round(Math.Log(w / 64) / logPhi)).ToList();
        var lrKs = core.Select(r => Value(r, LearningRateKey)).Select(lr => (int)Math.Round(Math.Log(LearningRateBase / lr) / logPhi)).ToList();
        return new PhiGridSpace([
            PhiLeverGrid.Width(WidthKey, widthKs.Min(), widthKs.Max()),
            PhiLeverGrid.LearningRate(LearningRateKey, LearningRateBase, lrKs.Min(), lrKs.Max()),
        ]);
    }

    private static double Value(HistoryRecord r, string key) =>
        PhiLeverGrid.Read(r.Config, key) ?? throw new ArgumentException($"{r.ConfigId} ({CoreOrigin}) has no numeric '{key}'");

    /// <summary>True when every φ lever of <paramref name="config"/> it has is on the grid (within <see cref="PhiLeverGrid.OnGridTolerance"/>).</summary>
    public bool Contains(IReadOnlyDictionary<string, string> config) =>
        Levers.All(l => l.ValueOf(config) is not { } v || l.DistanceInSteps(v) <= PhiLeverGrid.OnGridTolerance);

    /// <summary>The same grid with <paramref name="restored"/> values added back, per lever key.</summary>
    public PhiGridSpace WithRestored(IReadOnlyDictionary<string, IReadOnlyList<double>> restored) =>
        new([.. Levers.Select(l => restored.TryGetValue(l.Key, out var v) ? l.WithRestored(v) : l)]);

    public override string ToString() => string.Join("; ", Levers);
}
