using Needle.Reporting.Plots;
using Needle.Search.Asha;
using Needle.Search.Curves;
using Needle.Search.Seeds;

namespace Needle.Reporting.StudyReports;

/// <summary>One chart of the report: the file it is written to, its caption, and its SVG text.</summary>
public sealed record ReportChart(string FileName, string Title, string Svg);

/// <summary>The report's charts, drawn from a <see cref="StudyReport"/> by the plotting module.</summary>
public static class StudyReportCharts
{
    public const string LearningCurvesFile = "learning-curves.svg";
    public const string HuntStatesFile = "hunt-states.svg";

    /// <summary>Points sampled along each fitted curve and its band.</summary>
    public const int FitSamples = 48;

    /// <summary>A fit is drawn up to this multiple of the trial's last step (capped at the ladder's last rung): far enough to show where it heads, not so far that its band is all the chart shows.</summary>
    public const double FitExtrapolation = 2.0;

    public static IReadOnlyList<ReportChart> Render(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [LearningCurves(report), HuntStates(report)];
    }

    /// <summary>Trial i of <see cref="StudyReport.Trials"/> is series i: its colour is <see cref="ChartStyle.SeriesColor"/>(i).</summary>
    public static ReportChart LearningCurves(StudyReport report)
    {
        var marks = report.Rungs
            .SelectMany(r => r.Decisions.Select(d => (d.TrialNumber, Mark: new RungMark(r.RungStep, d.Value, d.Outcome == RungOutcome.Stop ? RungMarkKind.Pruned : RungMarkKind.Promoted), d.Outcome)))
            .Where(m => m.Outcome != RungOutcome.Complete)
            .ToLookup(m => m.TrialNumber, m => m.Mark);
        var lastRung = report.Overview.Ladder.MaxStep;
        var curves = report.Trials.Select(t => new TrialCurve(
            t.Label,
            t.Curve.Select(p => new PlotPoint(p.Step, p.Bpb)).ToList(),
            FitBand(t, lastRung),
            marks[t.Number].ToList())).ToList();
        return new ReportChart(LearningCurvesFile, "Learning curves",
            LearningCurveChart.Svg($"Learning curves: {report.Overview.Name}", curves, "curves", xLabel: "training step (log scale)", logX: true));
    }

    /// <summary>The fitted mean curve and its 95% confidence band, or null when the fit had insufficient evidence.</summary>
    internal static BandSeries? FitBand(TrialSummary trial, long lastRung)
    {
        if (trial.Forecast is not CurveForecast.Fitted fitted || trial.Curve.Count == 0) return null;
        var first = trial.Curve[0].Step;
        var last = Math.Max(trial.Curve[^1].Step, Math.Min(lastRung, (long)(trial.Curve[^1].Step * FitExtrapolation)));
        var steps = Enumerable.Range(0, FitSamples)
            .Select(i => (long)Math.Round(first * Math.Pow((double)last / first, i / (double)(FitSamples - 1))))
            .Distinct()
            .ToList();
        var predictions = steps.Select(s => fitted.PredictAt(s)).ToList();
        return new BandSeries(trial.Label + " fit",
            predictions.Select(p => (double)p.Step).ToList(),
            predictions.Select(p => p.Value).ToList(),
            predictions.Select(p => p.Interval.Lower).ToList(),
            predictions.Select(p => p.Interval.Upper).ToList());
    }

    /// <summary>Each trial the hunt classified is a row; its state at each rung is a square in the state's colour.</summary>
    public static ReportChart HuntStates(StudyReport report)
    {
        var states = Enum.GetNames<SeedState>();
        var rows = report.Hunt.SelectMany(s => s.Rows.Select(r => r.TrialId)).Distinct()
            .Select(id => report.Trials.First(t => t.Id == id))
            .OrderBy(t => t.Number)
            .ToList();
        var rowOf = rows.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        // Rungs are geometric: x is the rung's index in the ladder, labelled with its step.
        var rungIndex = report.Overview.Ladder.Steps.Select((step, i) => (step, i)).ToDictionary(x => x.step, x => x.i);
        var events = report.Hunt
            .SelectMany(s => s.Rows.Select(r => new StateEvent(rowOf[r.TrialId], rungIndex[s.RungStep], r.Assessment.State.ToString())))
            .ToList();
        var ticks = report.Overview.Ladder.Steps.Select((step, i) => ((double)i, step.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return new ReportChart(HuntStatesFile, "Seed hunt states over time",
            StateTimelineChart.Svg($"Seed hunt states: {report.Overview.Name}", "rung (training step)", rows.Select(t => t.Label).ToList(), states, events, "hunt",
                ticks, height: Math.Max(ChartStyle.Height, 120 + 22 * rows.Count)));
    }
}
