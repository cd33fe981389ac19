using System.Globalization;
using Needle.Core.Phi;

namespace Needle.Search.Accelerators.PhiGrid;

/// <summary>
/// One lever's φ-spaced values (width round(64·φ^k), learning rate base·φ^−k for k in a declared range) plus any values
/// restored by V5's completeness falsifier. Distances are in grid steps: |log_φ(x / g)| to the nearest point g, so
/// neighbouring φ-grid points are one step apart.
/// </summary>
public sealed record PhiLeverGrid(string Key, IReadOnlyList<double> Points, IReadOnlyList<double> Restored)
{
    /// <summary>A value counts as on the grid within this many steps (the space writes lrs to 4 significant digits, widths rounded).</summary>
    public const double OnGridTolerance = 0.05;

    /// <summary>round(64·φ^k), k = kMin … kMax.</summary>
    public static PhiLeverGrid Width(string key, int kMin, int kMax) =>
        new(key, [.. Enumerable.Range(kMin, kMax - kMin + 1).Select(k => Math.Round(64 * Math.Pow(PhiConstants.Phi, k)))], []);

    /// <summary>base·φ^−k, k = kMin … kMax.</summary>
    public static PhiLeverGrid LearningRate(string key, double lrBase, int kMin, int kMax) =>
        new(key, [.. Enumerable.Range(kMin, kMax - kMin + 1).Select(k => lrBase * Math.Pow(PhiConstants.Phi, -k))], []);

    /// <summary>Every value searched: the φ points and the restored ones, ascending.</summary>
    public IReadOnlyList<double> Values => [.. Points.Concat(Restored).Distinct().Order()];

    /// <summary>Grid steps from <paramref name="value"/> to the nearest searched value.</summary>
    public double DistanceInSteps(double value)
    {
        if (!(value > 0)) throw new ArgumentOutOfRangeException(nameof(value), value, $"lever '{Key}': a φ-grid lever's values are positive");
        return Values.Min(g => Math.Abs(Math.Log(value / g)) / Math.Log(PhiConstants.Phi));
    }

    /// <summary>The value of <paramref name="config"/> on this lever, or null if it has none.</summary>
    public double? ValueOf(IReadOnlyDictionary<string, string> config) => Read(config, Key);

    /// <summary>The numeric value of <paramref name="key"/> in <paramref name="config"/>, or null if it has none.</summary>
    public static double? Read(IReadOnlyDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    public PhiLeverGrid WithRestored(IEnumerable<double> values) => this with { Restored = [.. Restored.Concat(values).Distinct().Order()] };

    public override string ToString() =>
        $"{Key} {{{string.Join(", ", Values.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}}}";
}
