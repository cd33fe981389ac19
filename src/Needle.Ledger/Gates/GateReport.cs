using System.Globalization;
using System.Text;
using Needle.Core.Markdown;
using Needle.Core.Statistics;
using static Needle.Core.Markdown.MarkdownColumn;

namespace Needle.Core.Gates;

/// <summary>
/// Renders a <see cref="LedgerCheckResult"/> as text (terminal) or Markdown (the auditor's report, snapshot-
/// verified). Both list every malformed line, every finding and the statistics behind a verdict.
/// </summary>
public static class GateReport
{
    public static string Markdown(LedgerCheckResult result, GateBook book)
    {
        var doc = result.Document;
        var sb = new StringBuilder();
        var gate = result.Outcome?.Gate;
        sb.AppendLine($"# Ledger check{(gate is null ? "" : $": {gate.Name}")}").AppendLine();
        sb.AppendLine($"- file: `{doc.File}`");
        sb.AppendLine($"- lines: {doc.Entries.Count} well-formed data row(s), {doc.HeaderLines} header line(s), {doc.Errors.Select(e => e.Line).Distinct().Count()} malformed line(s)");
        if (gate is not null)
        {
            sb.AppendLine($"- gate: {Describe(gate)}");
            sb.AppendLine($"- row rules: bpb in [{F(book.PlausibilityMin)}, {F(book.PlausibilityMax)}], step ≥ {gate.MinStep}, sha a commit reachable from HEAD and descended from training_since {book.TrainingSince[..12]}, config_sha256 present and shared by each reproduction, embargo {F(book.EmbargoHours)} h, corpus {book.PinnedCorpusSha256[..12]}…, split `{book.CanonicalSplit}`, reproduced within {F(book.ReproductionTolerance)}, reviewed below the floor {F(book.ArchitecturalFloor)}");
            sb.AppendLine($"- α after Bonferroni ({result.Outcome!.Arms} arms): {G(result.Outcome.AlphaUsed)}");
        }
        sb.AppendLine($"- result: **{result.Summary}** (exit {result.ExitCode})").AppendLine();

        sb.AppendLine("## Malformed lines").AppendLine();
        if (doc.Errors.Count == 0) sb.AppendLine("None.");
        foreach (var e in doc.Errors) sb.AppendLine($"- `{e}`");
        sb.AppendLine();
        if (result.Outcome is not { } outcome) return sb.ToString();

        sb.AppendLine("## Tripwire").AppendLine();
        if (outcome.Tripwires.Count == 0) sb.AppendLine("None: every row below the architectural floor carries `reviewed_by`.");
        foreach (var f in outcome.Tripwires) sb.AppendLine($"- {f}");
        sb.AppendLine();

        sb.AppendLine("## Claims").AppendLine();
        foreach (var f in outcome.LedgerFindings) sb.AppendLine($"- {f}");
        foreach (var claim in outcome.Claims)
        {
            var state = claim.GatePassed ? $"gate passed, verdict {claim.Verdict}" : "rejected";
            sb.AppendLine($"### `{claim.Claim}` — {state}").AppendLine();
            var rows = new MarkdownTable(Right("seed"), Left("run_id"), Right("bpb"), Right("step"), Left("reviewed_by"));
            foreach (var e in claim.GateRows)
                rows.Add(e.Row.Seed.ToString(CultureInfo.InvariantCulture), e.Row.RunId, e.Row.Bpb.ToString("0.0000", CultureInfo.InvariantCulture),
                    e.Row.Step.ToString(CultureInfo.InvariantCulture), e.Row.ReviewedBy ?? "—");
            rows.AppendTo(sb).AppendLine();
            foreach (var f in claim.Findings) sb.AppendLine($"- {f}");
            if (claim.OneSample is { } t) sb.AppendLine($"- {Describe(t)}");
            if (claim.Welch is { } w) sb.AppendLine($"- {Describe(w)}");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    public static string Text(LedgerCheckResult result)
    {
        var sb = new StringBuilder();
        foreach (var e in result.Document.Errors) sb.AppendLine(e.ToString());
        if (result.Outcome is { } outcome)
        {
            var file = result.Document.File;
            foreach (var f in outcome.Tripwires.Concat(outcome.LedgerFindings)) sb.AppendLine(Located(file, f));
            foreach (var c in outcome.Claims)
            {
                sb.AppendLine($"claim {c.Claim}: {(c.GatePassed ? $"gate passed, verdict {c.Verdict}" : "rejected")}");
                foreach (var f in c.Findings) sb.AppendLine("  " + Located(file, f));
                if (c.OneSample is { } t) sb.AppendLine($"  {Describe(t)}");
                if (c.Welch is { } w) sb.AppendLine($"  {Describe(w)}");
            }
        }
        sb.AppendLine($"{result.Document.File}: {result.Summary} (exit {result.ExitCode}; {result.Document.Entries.Count} data rows, {result.Document.HeaderLines} header lines, {result.Document.Errors.Count} problems)");
        return sb.ToString();
    }

    // file:line: Rule (run_id …): why — the same shape as a malformed-line error, so editors can jump to it.
    private static string Located(string file, GateFinding f) =>
        f.Line is { } line ? $"{file}:{line}: {f.Rule} (run_id {f.RunId}): {f.Message}" : $"{file}: {f.Rule}: {f.Message}";

    public static string Describe(GateDefinition g) =>
        $"{g.Name}: bpb < {F(g.TargetBpb)} on {g.MinDistinctSeeds} distinct seeds of {{{string.Join(", ", g.Seeds)}}}, step ≥ {g.MinStep}, one-tailed t-test vs μ0 = {F(g.Mu0)}, α = {G(g.Alpha)}";

    public static string Describe(TTestResult t)
    {
        if (!t.IsDefined) return $"{t.Test}: undefined — {t.Problem} → {t.Verdict}";
        var critical = OneSampleTTest.CriticalValue(t.Alpha, t.DegreesOfFreedom);
        return $"{t.Test}: n = {t.N}, mean {F(t.Mean)} vs {F(t.Reference)}, t = {t.T.ToString("0.0000", CultureInfo.InvariantCulture)}, " +
               $"df = {t.DegreesOfFreedom.ToString("0.##", CultureInfo.InvariantCulture)}, p = {G(t.PLower)} (critical t = −{critical.ToString("0.0000", CultureInfo.InvariantCulture)} at α = {G(t.Alpha)}) → {t.Verdict}";
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
