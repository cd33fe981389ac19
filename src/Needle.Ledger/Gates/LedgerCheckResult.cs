using Needle.Core.Git;
using Needle.Core.Ledger;

namespace Needle.Core.Gates;

/// <summary>The whole answer of `needle ledger check`: what was read, the gate's decision and the exit code.</summary>
public sealed record LedgerCheckResult(LedgerDocument Document, GateOutcome? Outcome, int ExitCode)
{
    /// <summary>A short name for the result, one per exit code.</summary>
    public string Summary => ExitCode switch
    {
        LedgerExitCodes.Victory => "VICTORY",
        LedgerExitCodes.NotSignificant => "GATE PASSED, NOT SIGNIFICANT",
        LedgerExitCodes.GateRejected => "GATE REJECTED",
        LedgerExitCodes.NoData => "NO DATA ROWS",
        LedgerExitCodes.Malformed => "MALFORMED ROWS",
        LedgerExitCodes.Tripwire => "TRIPWIRE",
        _ => $"EXIT {ExitCode}",
    };
}

/// <summary>Reads a ledger, evaluates a gate over its well-formed rows and combines the exit codes.</summary>
public static class LedgerCheck
{
    /// <summary>Throws <see cref="LedgerIoException"/> (exit 10) when the file cannot be read.</summary>
    public static LedgerCheckResult Run(string ledgerPath, GateBook book, PreregisteredPlan plan, GateDefinition gate,
        ICommitOracle commits, VictoryOptions? options = null) =>
        Evaluate(LedgerReader.Read(ledgerPath), book, plan, gate, commits, options);

    public static LedgerCheckResult Evaluate(LedgerDocument document, GateBook book, PreregisteredPlan plan,
        GateDefinition gate, ICommitOracle commits, VictoryOptions? options = null)
    {
        if (document.Entries.Count == 0 && document.IsWellFormed)
            return new LedgerCheckResult(document, null, LedgerExitCodes.NoData);
        var outcome = VictoryGate.Evaluate(document.Entries, book, plan, gate, commits, options);
        if (PreregistrationSeal.Check(document, plan) is { } seal)
            outcome = outcome with { LedgerFindings = [seal, .. outcome.LedgerFindings] };
        // Highest code wins: a malformed line outranks any verdict, and only the tripwire outranks it.
        var code = Math.Max(document.IsWellFormed ? 0 : LedgerExitCodes.Malformed, outcome.ExitCode);
        return new LedgerCheckResult(document, outcome, code);
    }
}
