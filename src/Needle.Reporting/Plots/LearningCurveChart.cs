using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>
/// Learning curves of many trials on one chart: each trial's observed BPB as a solid line in its own colour, its
/// fitted power law as a dashed line of the same colour inside a translucent 95% band, and its rung decisions as
/// markers (▲ promoted, ✕ pruned). Series i gets <see cref="ChartStyle.SeriesColor"/>(i).
/// </summary>
public static class LearningCurveChart
{
    public static string Svg(string title, IReadOnlyList<TrialCurve> trials, string idPrefix,
        string xLabel = "training step", string yLabel = "validation BPB", int width = ChartStyle.Width, int height = ChartStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var plot = ChartStyle.NewPlot(title, xLabel, yLabel);
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
        ChartLegend.Place(plot, trials.Count + (anyPromoted ? 1 : 0) + (anyPruned ? 1 : 0));
        return StableSvg.Render(plot, width, height, idPrefix);
    }

    internal static MarkerShape Shape(RungMarkKind kind) => kind switch
    {
        RungMarkKind.Promoted => MarkerShape.FilledTriangleUp,
        RungMarkKind.Pruned => MarkerShape.Cross,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void AddLegendOnlyMarker(Plot plot, RungMarkKind kind, string label) =>
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, MarkerShape = Shape(kind), MarkerSize = 11, MarkerColor = Colors.Black, MarkerLineColor = Colors.Black, MarkerFillColor = Colors.Black });
}
