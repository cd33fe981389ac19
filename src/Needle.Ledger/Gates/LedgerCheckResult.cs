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
