namespace Needle.Core.Ledger;

/// <summary>What one ledger line turned out to be: a header, a data row, or a list of field errors.</summary>
internal abstract record LineOutcome
{
    /// <summary>A header line; <paramref name="Seal"/> is its pre-registration SHA-256, if it carries one.</summary>
    public sealed record Header(string? Seal) : LineOutcome;
    public sealed record Data(LedgerRow Row) : LineOutcome;
    public sealed record Malformed(IReadOnlyList<(string Field, string Message)> Problems) : LineOutcome;
}
