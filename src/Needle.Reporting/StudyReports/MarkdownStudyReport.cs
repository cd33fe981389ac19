using System.Globalization;
using System.Text;
using Needle.Core.Markdown;
using Needle.Search.Seeds;
using static Needle.Core.Markdown.MarkdownColumn;

namespace Needle.Reporting.StudyReports;

/// <summary>
/// The study report as Markdown, for terminals and diffs: the same sections as the HTML page, the charts referenced
/// as the SVG files beside it, and every number in a table so a diff shows what changed.
/// </summary>
public static class MarkdownStudyReport
{
    public static string Render(StudyReport report, IReadOnlyList<ReportChart> charts, string command)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(charts);
        var o = report.Overview;
        var sb = new StringBuilder();
        sb.AppendLine($"# Study report: {o.Name}").AppendLine();
        sb.AppendLine($"- study: `{o.StorageLocation}`, created {ReportText.Timestamp(o.CreatedAt)}");
        sb.AppendLine($"- ladder: {ReportText.Ladder(o)}; master seed {o.MasterSeed}");
        sb.AppendLine($"- trials: {ReportText.Int(report.Trials.Count)} ({ReportText.States(o)}); reports stored: {ReportText.Int(o.Reports)}");
        sb.AppendLine($"- produced by: `{command}`").AppendLine();

        sb.AppendLine("## Learning curves").AppendLine();
        Image(sb, charts, StudyReportCharts.LearningCurvesFile);
        sb.AppendLine("Solid: the stored validation BPB; dashed with a band: the power law BPB(t) = b∞ + a·t^(−p) fitted to it, with the 95% confidence band of the mean curve; ▲ promoted at a rung, ✕ pruned.").AppendLine();
        var noBand = ReportText.NoBand(report);
        if (noBand > 0) sb.AppendLine($"{ReportText.Int(noBand)} trial(s) are drawn without a band: the fit had insufficient evidence (the reason is in the table).").AppendLine();
        if (report.Trials.Count == 0) sb.AppendLine("The study has no trials yet.").AppendLine();
        else
        {
            var trials = new MarkdownTable(Left("trial"), Left("canon"), Left("state"), Right("points"), Right("last step"), Right("last BPB"), Left("fitted b∞ [95% CI]"));
            foreach (var t in report.Trials)
            {
                var last = t.Curve.Count > 0 ? t.Curve[^1] : default;
                trials.Add(t.Label, $"`{t.Canon}`", t.State.ToString(), ReportText.Int(t.Curve.Count), t.Curve.Count > 0 ? ReportText.Int(last.Step) : "—",
                    t.Curve.Count > 0 ? ReportText.Bpb(last.Bpb) : "—", ReportText.Fit(t.Forecast));
            }
            trials.AppendTo(sb).AppendLine();
            foreach (var t in report.Trials.Where(t => t.Error is not null)) sb.AppendLine($"- {t.Label}: {t.Error}");
            if (report.Trials.Any(t => t.Error is not null)) sb.AppendLine();
        }

        sb.AppendLine("## Rung promotions and prunes").AppendLine();
        if (report.Rungs.Count == 0) sb.AppendLine("No rung decision is stored yet.").AppendLine();
        else
        {
            var rungs = new MarkdownTable(Right("rung"), Right("decisions"), Right("promoted"), Right("pruned"), Right("completed"));
            foreach (var r in report.Rungs)
                rungs.Add(ReportText.Int(r.RungStep), ReportText.Int(r.Decisions.Count), ReportText.Int(r.Promoted), ReportText.Int(r.Stopped), ReportText.Int(r.Completed));
            rungs.AppendTo(sb).AppendLine();
            var decisions = new MarkdownTable(Right("rung"), Left("trial"), Right("BPB"), Left("decision"), Right("place / competitors"), Right("kept"));
            foreach (var r in report.Rungs)
                foreach (var d in r.Decisions)
                    decisions.Add(ReportText.Int(r.RungStep), d.TrialLabel, ReportText.Bpb(d.Value), ReportText.Outcome(d.Outcome),
                        $"{ReportText.Int(d.Rank + 1)} / {ReportText.Int(d.Competitors)}", ReportText.Int(d.KeepCount));
            decisions.AppendTo(sb).AppendLine();
        }

        sb.AppendLine("## Seed hunt").AppendLine();
        Image(sb, charts, StudyReportCharts.HuntStatesFile);
        if (report.Hunt.Count == 0) sb.AppendLine("No trial has reported at a rung yet, so the hunt has classified nothing.").AppendLine();
        else
        {
            sb.AppendLine("Each trial's seed state at each rung it reported at (the hunt's rules on the curve up to that rung; — = no report there).").AppendLine();
            var hunt = new MarkdownTable([Left("trial"), .. report.Hunt.Select(h => Left(ReportText.Int(h.RungStep)))]);
            foreach (var row in HuntMatrix.Of(report))
                hunt.Add([row.Trial.Label, .. row.States.Select(s => s?.ToString() ?? "—")]);
            hunt.AppendTo(sb).AppendLine();
        }

        sb.AppendLine($"## Leaderboard (step ≥ {ReportText.Int(report.Leaderboard.MinimumStep)})").AppendLine();
        if (report.Leaderboard.Rows.Count > 0) LeaderboardTable(sb, report.Leaderboard.Rows);
        else
        {
            sb.AppendLine($"No trial has reported at step ≥ {ReportText.Int(report.Leaderboard.MinimumStep)} yet: there is no result to rank.").AppendLine();
            if (report.Leaderboard.BestBelowMinimum.Count > 0)
            {
                sb.AppendLine($"Best last reports so far, **below the minimum step — not results**:").AppendLine();
                LeaderboardTable(sb, report.Leaderboard.BestBelowMinimum);
            }
        }

        sb.AppendLine("## Accelerator vectors").AppendLine();
        var vectors = new MarkdownTable("vector", "state", "reason");
        foreach (var v in report.Vectors) vectors.Add($"{v.Id} {v.Name}", v.State.ToString(), v.Reason);
        vectors.AppendTo(sb).AppendLine();
        MupTransfer(sb, report.MupTransfer);

        sb.AppendLine("## Victory gate").AppendLine();
        var g = report.Gate;
        sb.AppendLine($"- verdict: **{g.Summary}**{(g.ExitCode is { } code ? $" (ledger check exit {ReportText.Int(code)})" : "")}");
        if (g.LedgerFile is not null) sb.AppendLine($"- ledger: `{g.LedgerFile}`");
        if (g.GateDescription is not null) sb.AppendLine($"- gate: {g.GateDescription}");
        sb.AppendLine();
        if (g.DetailMarkdown is not null)
        {
            // The ledger check's own report, its headings moved under this section.
            foreach (var line in g.DetailMarkdown.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
                sb.AppendLine(line.StartsWith('#') ? "##" + line : line);
            sb.AppendLine();
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private static void MupTransfer(StringBuilder sb, MupTransferSection m)
    {
        sb.AppendLine("### V1: tuned at the proxy width, transferred to the target width").AppendLine();
        if (m.ProxyTrials.Count > 0)
        {
            var proxies = new MarkdownTable(Left("trial"), Left("canon"), Right("proxy width"), Right("target width"), Right("lr"), Right("last step"), Right("last BPB"));
            foreach (var r in m.ProxyTrials)
                proxies.Add(r.Label, $"`{r.Canon}`", ReportText.Int(r.ProxyWidth), ReportText.Int(r.TargetWidth), r.Lr,
                    r.LastStep > 0 ? ReportText.Int(r.LastStep) : "—", r.LastStep > 0 ? ReportText.Bpb(r.LastBpb) : "—");
            proxies.AppendTo(sb).AppendLine();
        }
        if (m.Absence is { } absent) sb.AppendLine(absent).AppendLine();
        else if (m.Winner is { } w)
        {
            sb.AppendLine($"Transferred winner: {w.Label} (`{w.Canon}`), tuned at width {ReportText.Int(w.ProxyWidth)}: lr {w.Lr}, BPB {ReportText.Bpb(w.LastBpb)} at step {ReportText.Int(w.LastStep)}; " +
                $"transferred to width {ReportText.Int(w.TargetWidth)} with the same lr, init scales and base width (muP makes them width-free):").AppendLine();
            sb.AppendLine($"`{m.TransferredText}`").AppendLine();
        }
    }

    private static void LeaderboardTable(StringBuilder sb, IReadOnlyList<Needle.Search.Study.LeaderboardRow> rows)
    {
        var table = new MarkdownTable(Right("#"), Left("canon"), Right("seed"), Right("step"), Right("BPB"), Left("state"));
        foreach (var r in rows)
            table.Add(ReportText.Int(r.Rank), $"`{r.Canon}`", r.Seed.ToString(CultureInfo.InvariantCulture), ReportText.Int(r.Step), ReportText.Bpb(r.Bpb), r.State.ToString());
        table.AppendTo(sb).AppendLine();
    }

    private static void Image(StringBuilder sb, IReadOnlyList<ReportChart> charts, string file)
    {
        var chart = charts.FirstOrDefault(c => c.FileName == file);
        if (chart is not null) sb.AppendLine($"![{chart.Title}]({chart.FileName})").AppendLine();
    }
}

/// <summary>The hunt's states as a trial × rung matrix (null where the trial has no report at that rung).</summary>
internal static class HuntMatrix
{
    public static IReadOnlyList<(TrialSummary Trial, IReadOnlyList<SeedState?> States)> Of(StudyReport report)
    {
        var ids = report.Hunt.SelectMany(h => h.Rows.Select(r => r.TrialId)).ToHashSet();
        return report.Trials.Where(t => ids.Contains(t.Id))
            .Select(t => (t, (IReadOnlyList<SeedState?>)report.Hunt
                .Select(h => h.Rows.FirstOrDefault(r => r.TrialId == t.Id)?.Assessment.State)
                .ToList()))
            .ToList();
    }
}
