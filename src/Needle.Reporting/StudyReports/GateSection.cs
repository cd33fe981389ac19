using Needle.Core.Gates;

namespace Needle.Reporting.StudyReports;

/// <summary>
/// The victory gate's verdict as the report shows it: the summary line and the ledger check's own Markdown report
/// (<see cref="GateReport.Markdown"/>), or "no ledger rows" when no ledger was given.
/// </summary>
public sealed record GateSection(string Summary, int? ExitCode, string? LedgerFile, string? GateDescription, string? DetailMarkdown)
{
    /// <summary>No ledger given: the report says so instead of guessing a verdict.</summary>
    public static GateSection NoLedger { get; } =
        new("no ledger rows (no --ledger given; `needle report --study S --ledger assertions/seed_results.jsonl` adds the verdict)", null, null, null, null);

    /// <summary>The verdict of a ledger check.</summary>
    public static GateSection From(LedgerCheckResult result, GateBook book)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(book);
        var gate = result.Outcome?.Gate;
        return new GateSection(result.Summary, result.ExitCode, result.Document.File,
            gate is null ? null : GateReport.Describe(gate), GateReport.Markdown(result, book));
    }
}
