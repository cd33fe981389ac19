namespace Needle.Core.Ledger;

/// <summary>
/// Everything read from one ledger file: the well-formed data rows, how many header lines were skipped, and
/// every malformed line. A malformed line is never silently dropped: it is here, with its line number.
/// <see cref="Seal"/> is the pre-registration SHA-256 of the first sealing header line that comes before the
/// first data row (a seal written after data could have been chosen knowing the data, so it does not count).
/// </summary>
public sealed record LedgerDocument(
    string File, IReadOnlyList<LedgerEntry> Entries, int HeaderLines, IReadOnlyList<LedgerError> Errors,
    LedgerSeal? Seal = null)
{
    public bool IsWellFormed => Errors.Count == 0;
}

/// <summary>A header's pre-registration hash and the line it is on.</summary>
public sealed record LedgerSeal(string PreregistrationSha256, int Line);
