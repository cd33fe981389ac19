using System.Text;
using System.Text.Json;
using Needle.Audit.Checks;
using Needle.Audit.Coq;
using Needle.Audit.Empirical;
using Needle.Core.Markdown;

namespace Needle.Audit.Reporting;

/// <summary>
/// Renders an <see cref="AuditReport"/> as console text, Markdown (deterministic: no clock, no machine names,
/// no temp paths — fit for snapshot tests), one JSON line, or MSBuild canonical error lines.
/// </summary>
public static class AuditRenderers
{
    public static string Text(AuditReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"needle audit — steps {string.Join(", ", report.StepsRun.Select(s => (int)s))} — registry {report.RegistryPath}");
        foreach (var r in report.Invariants)
        {
            sb.AppendLine($"{r.Id,-7} {r.Name}");
            sb.AppendLine($"        registry: {r.ClaimedStatus}; verified: {r.Verified}");
            sb.AppendLine($"        Coq:      {r.CoqCitation}");
            sb.AppendLine($"        C#:       {(r.CSharpCitations.Count == 0 ? "(no [Invariant] citation)" : string.Join(", ", r.CSharpCitations))}");
            sb.AppendLine($"        target:   {r.RuntimeTarget}{(r.RuntimeTargetFound ? "" : " (NOT FOUND)")}");
            foreach (var a in r.Anchors) sb.AppendLine($"        anchor:   {a}");
        }
        sb.AppendLine();
        foreach (var e in report.Evidence) sb.AppendLine($"EMPIRICAL {e.Vector} ({e.InvariantId}): {e.Summary}");
        foreach (var f in report.Findings) sb.AppendLine("FAIL " + f);
        sb.AppendLine((report.Passed
            ? $"audit passed: {report.Invariants.Count} invariants, steps {string.Join(", ", report.StepsRun.Select(s => (int)s))}"
            : $"audit FAILED: {report.Findings.Count} finding(s)") + NoVerdictNote(report));
        return sb.ToString();
    }

    public static string Markdown(AuditReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Invariant audit");
        sb.AppendLine();
        sb.AppendLine($"Registry: `{report.RegistryPath}`. Steps run: {string.Join(", ", report.StepsRun.Select(AuditSteps.Label))}.");
        sb.AppendLine($"Result: **{(report.Passed ? "passed" : "FAILED")}** — {report.Invariants.Count} invariants, {report.Findings.Count} findings.{NoVerdictNote(report)}");
        sb.AppendLine();
        var invariants = new MarkdownTable("id", "name", "registry", "verified", "Coq", "C# citations", "runtime_target", "numeric anchors");
        foreach (var r in report.Invariants)
            invariants.Add(r.Id, r.Name, r.ClaimedStatus.ToString(), r.Verified, $"`{r.CoqCitation}`",
                r.CSharpCitations.Count == 0 ? "**none**" : string.Join("<br>", r.CSharpCitations.Select(c => $"`{c}`")),
                $"`{r.RuntimeTarget}`" + (r.RuntimeTargetFound ? "" : " **not found**"),
                r.Anchors.Count == 0 ? "—" : string.Join("<br>", r.Anchors));
        invariants.AppendTo(sb).AppendLine();
        sb.AppendLine("## Empirical claims (V1–V7, H)");
        sb.AppendLine();
        if (report.Evidence.Count == 0) sb.AppendLine("None in the registry.");
        foreach (var e in report.Evidence) sb.AppendLine($"- **{e.Vector}** ({e.InvariantId}): {MarkdownTable.Escape(e.Summary)}");
        sb.AppendLine();
        sb.AppendLine("## Findings");
        sb.AppendLine();
        if (report.Findings.Count == 0) sb.AppendLine("None.");
        foreach (var f in report.Findings)
            sb.AppendLine($"- **step {AuditSteps.Label(f.Step)}**{(f.Location.Length > 0 ? $" `{f.Location}`" : "")}: {MarkdownTable.Escape(f.Message)} — {MarkdownTable.Escape(f.Fix)}");
        sb.AppendLine();
        sb.AppendLine("## Axioms a Proven theorem may rest on");
        sb.AppendLine();
        foreach (var (name, why) in AxiomAllowList.Allowed) sb.AppendLine($"- `{name}`: {why}");
        return sb.ToString();
    }

    /// <summary>One line of JSON (the CLI's machine-readable last line).</summary>
    public static string Json(AuditReport report) => JsonSerializer.Serialize(new
    {
        passed = report.Passed,
        steps = report.StepsRun.Select(s => (int)s),
        registry = report.RegistryPath,
        invariants = report.Invariants.Select(r => new
        {
            id = r.Id, name = r.Name, status = r.ClaimedStatus, verified = r.Verified, coq = r.CoqCitation,
            csharp = r.CSharpCitations, runtime_target = r.RuntimeTarget, runtime_target_found = r.RuntimeTargetFound, anchors = r.Anchors,
        }),
        evidence = report.Evidence.Select(e => new
        {
            invariant = e.InvariantId, vector = e.Vector,
            state = e.State switch
            {
                EvidenceState.NoVerdictYet => "no_verdict_yet", EvidenceState.Holds => "holds", EvidenceState.Refuted => "refuted", EvidenceState.NotDeterminable => "not_determinable", _ => "invalid",
            },
            summary = e.Summary,
        }),
        findings = report.Findings.Select(f => new
        {
            step = (int)f.Step, file = f.File, line = f.Line, invariant = f.InvariantId, theorem = f.Theorem, message = f.Message, fix = f.Fix,
        }),
    });

    /// <summary>"file(line): error AUDITn: message" — the canonical format MSBuild's Exec turns into build errors.</summary>
    public static string MsBuild(AuditReport report, string repoRoot)
    {
        var sb = new StringBuilder();
        foreach (var f in report.Findings)
        {
            var file = f.File is null ? "assertions/igla_assertions.json" : f.File;
            var full = Path.GetFullPath(Path.Combine(repoRoot, file));
            sb.AppendLine($"{full}({f.Line ?? 1}): error AUDIT{(int)f.Step}: {f.Message} — {f.Fix}");
        }
        return sb.ToString();
    }

    /// <summary>" — N Empirical claim(s) have NO VERDICT YET (V1, V2)": never let a missing verdict read as a pass.</summary>
    private static string NoVerdictNote(AuditReport report) =>
        report.NoVerdictYet.Count == 0 ? ""
            : $" — {report.NoVerdictYet.Count} Empirical claim(s) have NO VERDICT YET ({string.Join(", ", report.NoVerdictYet.Select(e => e.Vector))}): nothing is claimed for them";
}
