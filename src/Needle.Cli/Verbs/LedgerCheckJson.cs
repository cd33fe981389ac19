using Needle.Core.Gates;

namespace Needle.Cli.Verbs;

/// <summary>The `--json` shape of `needle ledger check` (snake_case keys).</summary>
internal static class LedgerCheckJson
{
    public static object From(LedgerCheckResult r) => new
    {
        ExitCode = r.ExitCode,
        Result = r.Summary,
        File = r.Document.File,
        Gate = r.Outcome?.Gate.Name,
        Arms = r.Outcome?.Arms,
        AlphaUsed = r.Outcome?.AlphaUsed,
        LedgerFindings = r.Outcome?.LedgerFindings.Select(Finding),
        DataRows = r.Document.Entries.Count,
        HeaderLines = r.Document.HeaderLines,
        Malformed = r.Document.Errors.Select(e => new { e.Line, e.Field, e.Message }),
        Tripwires = r.Outcome?.Tripwires.Select(Finding),
        Claims = r.Outcome?.Claims.Select(c => new
        {
            c.Claim,
            c.GatePassed,
            Verdict = c.Verdict?.ToString(),
            Seeds = c.GateRows.Select(e => e.Row.Seed),
            Findings = c.Findings.Select(Finding),
            TTest = c.OneSample is { } t ? new { t.N, t.Mean, Mu0 = t.Reference, T = t.IsDefined ? t.T : (double?)null, Df = t.DegreesOfFreedom, P = t.PLower, t.Alpha, Verdict = t.Verdict.ToString(), t.Problem } : null,
            Welch = c.Welch is { } w ? new { w.N, w.Mean, BaselineMean = w.Reference, T = w.IsDefined ? w.T : (double?)null, Df = w.DegreesOfFreedom, P = w.PLower, w.Alpha, Verdict = w.Verdict.ToString(), w.Problem } : null,
        }),
    };

    private static object Finding(GateFinding f) => new { Rule = f.Rule.ToString(), f.Line, f.RunId, f.Message };
}
