namespace Needle.Core.Ledger;

/// <summary>What one ledger line turned out to be: a header, a data row, or a list of field errors.</summary>
internal abstract record LineOutcome
{
    public sealed record Header : LineOutcome;
    public sealed record Data(LedgerRow Row) : LineOutcome;
    public sealed record Malformed(IReadOnlyList<(string Field, string Message)> Problems) : LineOutcome;
}
