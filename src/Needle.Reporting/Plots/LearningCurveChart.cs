using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>
/// Learning curves of many trials on one chart: each trial's observed BPB as a solid line in its own colour, its
/// fitted power law as a dashed line of the same colour inside a translucent 95% band, and its rung decisions as
/// markers (▲ promoted, ✕ pruned). Series i gets <see cref="ChartStyle.SeriesColor"/>(i). With
/// <c>logX</c> the step axis is logarithmic (rungs are geometric, so early rungs are not squeezed into the corner);
/// every x must then be positive.
/// </summary>
public static class LearningCurveChart
{
    public static string Svg(string title, IReadOnlyList<TrialCurve> trials, string idPrefix,
        string xLabel = "training step", string yLabel = "validation BPB", bool logX = false,
        int width = ChartStyle.Width, int height = ChartStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (logX) trials = trials.Select(LogAxis.Transform).ToList();
        var plot = ChartStyle.NewPlot(title, xLabel, yLabel);
        if (logX) LogAxis.Apply(plot.Axes.Bottom);
        var anyPromoted = false;
        var anyPruned = false;
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            var color = ChartStyle.SeriesColor(i);
            if (trial.Fit is { } fit)
            {
                fit.Validate();
                if (fit.X.Count > 0)
                {
                    var band = plot.Add.FillY(fit.X.ToArray(), fit.Lower.ToArray(), fit.Upper.ToArray());
                    band.FillColor = color.WithAlpha(0.15);
                    band.LineWidth = 0;
                    var mean = plot.Add.ScatterLine(fit.X.ToArray(), fit.Center.ToArray(), color);
                    mean.LinePattern = LinePattern.Dashed;
                    mean.LineWidth = 1.5f;
                }
            }
            if (trial.Observed.Count > 0)
            {
                var line = plot.Add.Scatter(trial.Observed.Select(p => p.X).ToArray(), trial.Observed.Select(p => p.Y).ToArray(), color);
                line.LineWidth = 2;
                line.MarkerSize = 4;
                line.LegendText = trial.Label;
            }
            foreach (var kind in new[] { RungMarkKind.Promoted, RungMarkKind.Pruned })
            {
                var marks = trial.Marks.Where(m => m.Kind == kind).ToArray();
                if (marks.Length == 0) continue;
                anyPromoted |= kind == RungMarkKind.Promoted;
                anyPruned |= kind == RungMarkKind.Pruned;
                plot.Add.Markers(marks.Select(m => m.X).ToArray(), marks.Select(m => m.Y).ToArray(), Shape(kind), 11, color);
            }
        }
        // The marker meanings once in the legend, in black, instead of once per trial.
        if (anyPromoted) AddLegendOnlyMarker(plot, RungMarkKind.Promoted, "promoted");
        if (anyPruned) AddLegendOnlyMarker(plot, RungMarkKind.Pruned, "pruned");
        if (trials.All(t => t.Observed.Count == 0)) plot.Add.Annotation("no learning-curve points yet", Alignment.MiddleCenter);
        else FrameObserved(plot, trials);
        ChartLegend.Place(plot, trials.Count + (anyPromoted ? 1 : 0) + (anyPruned ? 1 : 0));
        return StableSvg.Render(plot, width, height, idPrefix);
    }

    /// <summary>
    /// The y range is that of the observed points (and rung marks), not of the bands: an extrapolated band can be
    /// wide, and it must not flatten the curves people came to look at; where it leaves the frame it is clipped.
    /// </summary>
    private static void FrameObserved(Plot plot, IReadOnlyList<TrialCurve> trials)
    {
        var ys = trials.SelectMany(t => t.Observed.Select(p => p.Y).Concat(t.Marks.Select(m => m.Y))).ToList();
        var xs = trials.SelectMany(t => t.Observed.Select(p => p.X).Concat(t.Fit?.X ?? [])).ToList();
        var (yLow, yHigh) = (ys.Min(), ys.Max());
        var yPad = yHigh > yLow ? 0.05 * (yHigh - yLow) : Math.Max(0.05, 0.05 * Math.Abs(yLow));
        var (xLow, xHigh) = (xs.Min(), xs.Max());
        var xPad = xHigh > xLow ? 0.02 * (xHigh - xLow) : 1;
        plot.Axes.SetLimits(xLow - xPad, xHigh + xPad, yLow - yPad, yHigh + yPad);
    }

    internal static MarkerShape Shape(RungMarkKind kind) => kind switch
    {
        RungMarkKind.Promoted => MarkerShape.FilledTriangleUp,
        RungMarkKind.Pruned => MarkerShape.Eks,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void AddLegendOnlyMarker(Plot plot, RungMarkKind kind, string label) =>
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, MarkerShape = Shape(kind), MarkerSize = 11, MarkerColor = Colors.Black, MarkerLineColor = Colors.Black, MarkerFillColor = Colors.Black });
}
