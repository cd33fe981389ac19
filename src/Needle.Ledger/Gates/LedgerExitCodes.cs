namespace Needle.Core.Gates;

/// <summary>
/// Exit codes of `needle ledger check`. There is no "statistics error" code: an undefined test is reported as
/// Indistinguishable, exit 2 (docs/ledger-and-gate.md). Where several apply the highest wins, except that
/// <see cref="NoData"/> only applies to a well-formed file with no data rows.
/// </summary>
public static class LedgerExitCodes
{
    public const int Victory = 0;
    public const int NotSignificant = 2;
    public const int GateRejected = 4;
    public const int NoData = 5;
    public const int CannotRead = 10;
    public const int Malformed = 11;
    public const int Tripwire = 12;

    /// <summary>`needle ledger emit` only: well-formed but breaks a rule the gate applies to every row.</summary>
    public const int EmitPolicy = 13;

    /// <summary>Usage errors (bad options, unknown gate, unreadable gates file).</summary>
    public const int Usage = 64;
}
