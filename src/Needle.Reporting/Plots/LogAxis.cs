using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Needle.Reporting.Plots;

/// <summary>
/// A base-10 logarithmic x axis, the ScottPlot 5 way: the data are plotted at log10(x) and the tick labels show 10^v,
/// with minor ticks at 2…9 of each decade.
/// </summary>
internal static class LogAxis
{
    public static double Of(double x, string what) =>
        x > 0 && double.IsFinite(x) ? Math.Log10(x) : throw new ArgumentException($"{what}: x = {x} cannot go on a logarithmic axis (it must be positive)");

    public static TrialCurve Transform(TrialCurve t) => t with
    {
        Observed = t.Observed.Select(p => p with { X = Of(p.X, t.Label) }).ToList(),
        Fit = t.Fit is null ? null : t.Fit with { X = t.Fit.X.Select(x => Of(x, t.Fit.Label)).ToList() },
        Marks = t.Marks.Select(m => m with { X = Of(m.X, t.Label + " rung mark") }).ToList(),
    };

    public static void Apply(IAxis axis) =>
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("#,0.##", CultureInfo.InvariantCulture),
        };
}
