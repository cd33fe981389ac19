namespace Needle.Core.Ledger;

/// <summary>A well-formed data row and the 1-based line it was read from.</summary>
public sealed record LedgerEntry(int Line, LedgerRow Row);
