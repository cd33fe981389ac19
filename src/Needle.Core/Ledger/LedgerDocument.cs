namespace Needle.Core.Ledger;

/// <summary>
/// Everything read from one ledger file: the well-formed data rows, how many header lines were skipped, and
/// every malformed line. A malformed line is never silently dropped: it is here, with its line number.
/// </summary>
public sealed record LedgerDocument(
    string File, IReadOnlyList<LedgerEntry> Entries, int HeaderLines, IReadOnlyList<LedgerError> Errors)
{
    public bool IsWellFormed => Errors.Count == 0;
}
