using System.Text;
using Needle.Search.Seeds;

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
            sb.AppendLine("| trial | canon | state | points | last step | last BPB | fitted b∞ [95% CI] |");
            sb.AppendLine("|---|---|---|---:|---:|---:|---|");
            foreach (var t in report.Trials)
            {
                var last = t.Curve.Count > 0 ? t.Curve[^1] : default;
                sb.AppendLine($"| {t.Label} | `{Cell(t.Canon)}` | {t.State} | {ReportText.Int(t.Curve.Count)} | {(t.Curve.Count > 0 ? ReportText.Int(last.Step) : "—")} | {(t.Curve.Count > 0 ? ReportText.Bpb(last.Bpb) : "—")} | {Cell(ReportText.Fit(t.Forecast))} |");
            }
            sb.AppendLine();
            foreach (var t in report.Trials.Where(t => t.Error is not null)) sb.AppendLine($"- {t.Label}: {t.Error}");
            if (report.Trials.Any(t => t.Error is not null)) sb.AppendLine();
        }

        sb.AppendLine("## Rung promotions and prunes").AppendLine();
        if (report.Rungs.Count == 0) sb.AppendLine("No rung decision is stored yet.").AppendLine();
        else
        {
            sb.AppendLine("| rung | decisions | promoted | pruned | completed |");
            sb.AppendLine("|---:|---:|---:|---:|---:|");
            foreach (var r in report.Rungs)
                sb.AppendLine($"| {ReportText.Int(r.RungStep)} | {ReportText.Int(r.Decisions.Count)} | {ReportText.Int(r.Promoted)} | {ReportText.Int(r.Stopped)} | {ReportText.Int(r.Completed)} |");
            sb.AppendLine();
            sb.AppendLine("| rung | trial | BPB | decision | place / competitors | kept |");
            sb.AppendLine("|---:|---|---:|---|---:|---:|");
            foreach (var r in report.Rungs)
                foreach (var d in r.Decisions)
                    sb.AppendLine($"| {ReportText.Int(r.RungStep)} | {d.TrialLabel} | {ReportText.Bpb(d.Value)} | {ReportText.Outcome(d.Outcome)} | {ReportText.Int(d.Rank + 1)} / {ReportText.Int(d.Competitors)} | {ReportText.Int(d.KeepCount)} |");
            sb.AppendLine();
        }

        sb.AppendLine("## Seed hunt").AppendLine();
        Image(sb, charts, StudyReportCharts.HuntStatesFile);
        if (report.Hunt.Count == 0) sb.AppendLine("No trial has reported at a rung yet, so the hunt has classified nothing.").AppendLine();
        else
        {
            sb.AppendLine("Each trial's seed state at each rung it reported at (the hunt's rules on the curve up to that rung; — = no report there).").AppendLine();
            sb.AppendLine("| trial | " + string.Join(" | ", report.Hunt.Select(h => ReportText.Int(h.RungStep))) + " |");
            sb.AppendLine("|---|" + string.Concat(report.Hunt.Select(_ => "---|")));
            foreach (var row in HuntMatrix.Of(report))
                sb.AppendLine($"| {row.Trial.Label} | " + string.Join(" | ", row.States.Select(s => s?.ToString() ?? "—")) + " |");
            sb.AppendLine();
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
        sb.AppendLine("| vector | state | reason |");
        sb.AppendLine("|---|---|---|");
        foreach (var v in report.Vectors) sb.AppendLine($"| {v.Id} {Cell(v.Name)} | {v.State} | {Cell(v.Reason)} |");
        sb.AppendLine();
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
            sb.AppendLine("| trial | canon | proxy width | target width | lr | last step | last BPB |");
            sb.AppendLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (var r in m.ProxyTrials)
                sb.AppendLine($"| {r.Label} | `{Cell(r.Canon)}` | {ReportText.Int(r.ProxyWidth)} | {ReportText.Int(r.TargetWidth)} | {Cell(r.Lr)} | {(r.LastStep > 0 ? ReportText.Int(r.LastStep) : "—")} | {(r.LastStep > 0 ? ReportText.Bpb(r.LastBpb) : "—")} |");
            sb.AppendLine();
        }
        if (m.Absence is { } absent) sb.AppendLine(absent).AppendLine();
        else if (m.Winner is { } w)
        {
            sb.AppendLine($"Transferred winner: {w.Label} (`{Cell(w.Canon)}`), tuned at width {ReportText.Int(w.ProxyWidth)}: lr {Cell(w.Lr)}, BPB {ReportText.Bpb(w.LastBpb)} at step {ReportText.Int(w.LastStep)}; " +
                $"transferred to width {ReportText.Int(w.TargetWidth)} with the same lr, init scales and base width (muP makes them width-free):").AppendLine();
            sb.AppendLine($"`{Cell(m.TransferredText)}`").AppendLine();
        }
    }

    private static void LeaderboardTable(StringBuilder sb, IReadOnlyList<Needle.Search.Study.LeaderboardRow> rows)
    {
        sb.AppendLine("| # | canon | seed | step | BPB | state |");
        sb.AppendLine("|---:|---|---:|---:|---:|---|");
        foreach (var r in rows)
            sb.AppendLine($"| {ReportText.Int(r.Rank)} | `{Cell(r.Canon)}` | {r.Seed} | {ReportText.Int(r.Step)} | {ReportText.Bpb(r.Bpb)} | {r.State} |");
        sb.AppendLine();
    }

    private static void Image(StringBuilder sb, IReadOnlyList<ReportChart> charts, string file)
    {
        var chart = charts.FirstOrDefault(c => c.FileName == file);
        if (chart is not null) sb.AppendLine($"![{chart.Title}]({chart.FileName})").AppendLine();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
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
