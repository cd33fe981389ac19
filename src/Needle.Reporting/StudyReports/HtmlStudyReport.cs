using System.Net;
using System.Text;
using Needle.Reporting.Plots;

namespace Needle.Reporting.StudyReports;

/// <summary>
/// The study report as one self-contained HTML page: inline CSS, the SVG charts inline (each also written beside
/// the page and linked), no script and no reference to anything outside the page — it opens offline, from a file.
/// Same sections and numbers as <see cref="MarkdownStudyReport"/>.
/// </summary>
public static class HtmlStudyReport
{
    private const string Css = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; padding: 0 1.5em; max-width: 70em; color: #1a1a1a; background: #ffffff; line-height: 1.4; }
        h1 { border-bottom: 2px solid #444444; padding-bottom: .2em; }
        h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
        th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
        th { background: #eef3f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code { background: #f3f3f3; padding: 0 .2em; }
        figure { margin: 1em 0; }
        figure svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
        figcaption { font-size: .9em; color: #444; }
        .swatch { display: inline-block; width: .9em; height: .9em; margin-right: .4em; vertical-align: middle; border: 1px solid #555; }
        .verdict { font-size: 1.2em; font-weight: bold; }
        .note { color: #8a4b00; }
        pre { background: #f6f6f6; padding: .8em; overflow-x: auto; font-size: .85em; }
        """;

    public static string Render(StudyReport report, IReadOnlyList<ReportChart> charts, string command)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(charts);
        var o = report.Overview;
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine($"<title>Study report: {E(o.Name)}</title>");
        sb.AppendLine("<style>").AppendLine(Css).AppendLine("</style></head><body>");
        sb.AppendLine($"<h1>Study report: {E(o.Name)}</h1>");
        sb.AppendLine("<ul>");
        sb.AppendLine($"<li>study: <code>{E(o.StorageLocation)}</code>, created {E(ReportText.Timestamp(o.CreatedAt))}</li>");
        sb.AppendLine($"<li>ladder: {E(ReportText.Ladder(o))}; master seed {o.MasterSeed}</li>");
        sb.AppendLine($"<li>trials: {report.Trials.Count} ({E(ReportText.States(o))}); reports stored: {o.Reports}</li>");
        sb.AppendLine($"<li>produced by: <code>{E(command)}</code></li>");
        sb.AppendLine("</ul>");

        sb.AppendLine("<h2 id=\"curves\">Learning curves</h2>");
        Figure(sb, charts, StudyReportCharts.LearningCurvesFile,
            "Solid: the stored validation BPB; dashed with a band: the power law BPB(t) = b∞ + a·t^(−p) fitted to it, with the 95% confidence band of the mean curve; ▲ promoted at a rung, ✕ pruned.");
        var noBand = ReportText.NoBand(report);
        if (noBand > 0) sb.AppendLine($"<p class=\"note\">{noBand} trial(s) are drawn without a band: the fit had insufficient evidence (the reason is in the table).</p>");
        if (report.Trials.Count == 0) sb.AppendLine("<p>The study has no trials yet.</p>");
        else
        {
            sb.AppendLine("<table><tr><th>trial</th><th>canon</th><th>state</th><th>points</th><th>last step</th><th>last BPB</th><th>fitted b∞ [95% CI]</th></tr>");
            for (var i = 0; i < report.Trials.Count; i++)
            {
                var t = report.Trials[i];
                var has = t.Curve.Count > 0;
                sb.Append($"<tr><td><span class=\"swatch\" style=\"background:{ChartStyle.Hex(ChartStyle.SeriesColor(i))}\"></span>{E(t.Label)}</td>")
                  .Append($"<td><code>{E(t.Canon)}</code></td><td>{E(t.State)}</td><td class=\"num\">{t.Curve.Count}</td>")
                  .Append($"<td class=\"num\">{(has ? ReportText.Int(t.Curve[^1].Step) : "—")}</td><td class=\"num\">{(has ? ReportText.Bpb(t.Curve[^1].Bpb) : "—")}</td>")
                  .AppendLine($"<td>{E(ReportText.Fit(t.Forecast))}</td></tr>");
            }
            sb.AppendLine("</table>");
            var errors = report.Trials.Where(t => t.Error is not null).ToList();
            if (errors.Count > 0) sb.AppendLine("<ul>" + string.Concat(errors.Select(t => $"<li>{E(t.Label)}: {E(t.Error!)}</li>")) + "</ul>");
        }

        sb.AppendLine("<h2 id=\"rungs\">Rung promotions and prunes</h2>");
        if (report.Rungs.Count == 0) sb.AppendLine("<p>No rung decision is stored yet.</p>");
        else
        {
            sb.AppendLine("<table><tr><th>rung</th><th>decisions</th><th>promoted</th><th>pruned</th><th>completed</th></tr>");
            foreach (var r in report.Rungs)
                sb.AppendLine($"<tr><td class=\"num\">{r.RungStep}</td><td class=\"num\">{r.Decisions.Count}</td><td class=\"num\">{r.Promoted}</td><td class=\"num\">{r.Stopped}</td><td class=\"num\">{r.Completed}</td></tr>");
            sb.AppendLine("</table>");
            sb.AppendLine("<table><tr><th>rung</th><th>trial</th><th>BPB</th><th>decision</th><th>place / competitors</th><th>kept</th></tr>");
            foreach (var r in report.Rungs)
                foreach (var d in r.Decisions)
                    sb.AppendLine($"<tr><td class=\"num\">{r.RungStep}</td><td>{E(d.TrialLabel)}</td><td class=\"num\">{ReportText.Bpb(d.Value)}</td><td>{ReportText.Outcome(d.Outcome)}</td><td class=\"num\">{d.Rank + 1} / {d.Competitors}</td><td class=\"num\">{d.KeepCount}</td></tr>");
            sb.AppendLine("</table>");
        }

        sb.AppendLine("<h2 id=\"hunt\">Seed hunt</h2>");
        Figure(sb, charts, StudyReportCharts.HuntStatesFile, "Each trial's seed state at each rung it reported at (the hunt's rules applied to the curve up to that rung).");
        if (report.Hunt.Count == 0) sb.AppendLine("<p>No trial has reported at a rung yet, so the hunt has classified nothing.</p>");
        else
        {
            sb.AppendLine("<table><tr><th>trial</th>" + string.Concat(report.Hunt.Select(h => $"<th>{h.RungStep}</th>")) + "</tr>");
            foreach (var row in HuntMatrix.Of(report))
                sb.AppendLine($"<tr><td>{E(row.Trial.Label)}</td>" + string.Concat(row.States.Select(s => $"<td>{s?.ToString() ?? "—"}</td>")) + "</tr>");
            sb.AppendLine("</table>");
        }

        sb.AppendLine($"<h2 id=\"leaderboard\">Leaderboard (step ≥ {report.Leaderboard.MinimumStep})</h2>");
        if (report.Leaderboard.Rows.Count > 0) LeaderboardTable(sb, report.Leaderboard.Rows);
        else
        {
            sb.AppendLine($"<p>No trial has reported at step ≥ {report.Leaderboard.MinimumStep} yet: there is no result to rank.</p>");
            if (report.Leaderboard.BestBelowMinimum.Count > 0)
            {
                sb.AppendLine("<p class=\"note\">Best last reports so far, <strong>below the minimum step — not results</strong>:</p>");
                LeaderboardTable(sb, report.Leaderboard.BestBelowMinimum);
            }
        }

        sb.AppendLine("<h2 id=\"vectors\">Accelerator vectors</h2>");
        sb.AppendLine("<table><tr><th>vector</th><th>state</th><th>reason</th></tr>");
        foreach (var v in report.Vectors) sb.AppendLine($"<tr><td>{E(v.Id)} {E(v.Name)}</td><td>{E(v.State)}</td><td>{E(v.Reason)}</td></tr>");
        sb.AppendLine("</table>");
        MupTransfer(sb, report.MupTransfer);

        sb.AppendLine("<h2 id=\"gate\">Victory gate</h2>");
        var g = report.Gate;
        sb.AppendLine($"<p class=\"verdict\">{E(g.Summary)}{(g.ExitCode is { } code ? $" (ledger check exit {code})" : "")}</p>");
        if (g.LedgerFile is not null) sb.AppendLine($"<p>ledger: <code>{E(g.LedgerFile)}</code></p>");
        if (g.GateDescription is not null) sb.AppendLine($"<p>gate: {E(g.GateDescription)}</p>");
        if (g.DetailMarkdown is not null) sb.AppendLine($"<pre>{E(g.DetailMarkdown)}</pre>");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static void MupTransfer(StringBuilder sb, MupTransferSection m)
    {
        sb.AppendLine("<h3 id=\"v1-transfer\">V1: tuned at the proxy width, transferred to the target width</h3>");
        if (m.ProxyTrials.Count > 0)
        {
            sb.AppendLine("<table><tr><th>trial</th><th>canon</th><th>proxy width</th><th>target width</th><th>lr</th><th>last step</th><th>last BPB</th></tr>");
            foreach (var r in m.ProxyTrials)
                sb.AppendLine($"<tr><td>{E(r.Label)}</td><td><code>{E(r.Canon)}</code></td><td class=\"num\">{r.ProxyWidth}</td><td class=\"num\">{r.TargetWidth}</td><td class=\"num\">{E(r.Lr)}</td>" +
                    $"<td class=\"num\">{(r.LastStep > 0 ? ReportText.Int(r.LastStep) : "—")}</td><td class=\"num\">{(r.LastStep > 0 ? ReportText.Bpb(r.LastBpb) : "—")}</td></tr>");
            sb.AppendLine("</table>");
        }
        if (m.Absence is { } absent) sb.AppendLine($"<p>{E(absent)}</p>");
        else if (m.Winner is { } w)
            sb.AppendLine($"<p>Transferred winner: {E(w.Label)} (<code>{E(w.Canon)}</code>), tuned at width {w.ProxyWidth}: lr {E(w.Lr)}, BPB {ReportText.Bpb(w.LastBpb)} at step {ReportText.Int(w.LastStep)}; " +
                $"transferred to width {w.TargetWidth} with the same lr, init scales and base width (muP makes them width-free):</p><p><code>{E(m.TransferredText)}</code></p>");
    }

    private static void LeaderboardTable(StringBuilder sb, IReadOnlyList<Needle.Search.Study.LeaderboardRow> rows)
    {
        sb.AppendLine("<table><tr><th>#</th><th>canon</th><th>seed</th><th>step</th><th>BPB</th><th>state</th></tr>");
        foreach (var r in rows)
            sb.AppendLine($"<tr><td class=\"num\">{r.Rank}</td><td><code>{E(r.Canon)}</code></td><td class=\"num\">{r.Seed}</td><td class=\"num\">{r.Step}</td><td class=\"num\">{ReportText.Bpb(r.Bpb)}</td><td>{r.State}</td></tr>");
        sb.AppendLine("</table>");
    }

    private static void Figure(StringBuilder sb, IReadOnlyList<ReportChart> charts, string file, string caption)
    {
        var chart = charts.FirstOrDefault(c => c.FileName == file);
        if (chart is null) return;
        sb.AppendLine("<figure>");
        sb.AppendLine(InlineSvg(chart.Svg));
        sb.AppendLine($"<figcaption>{E(caption)} (<a href=\"{E(chart.FileName)}\">{E(chart.FileName)}</a>)</figcaption>");
        sb.AppendLine("</figure>");
    }

    /// <summary>The SVG without its XML declaration, which is not allowed inside HTML.</summary>
    internal static string InlineSvg(string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException("not an SVG document: no <svg element", nameof(svg));
        return svg[start..].TrimEnd();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
