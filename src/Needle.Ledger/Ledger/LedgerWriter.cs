using System.Text;

namespace Needle.Core.Ledger;

/// <summary>
/// Appends rows to a ledger file. Each append takes an exclusive file lock, reads what is there (to refuse a
/// duplicate run_id or a reproduction of an unknown run), writes exactly one line and flushes it to disk
/// before releasing the lock. Earlier bytes are never rewritten or truncated.
/// </summary>
public static class LedgerWriter
{
    /// <summary>
    /// Rules checked under the lock against the rows already in the file; return reasons to refuse.
    /// </summary>
    public delegate IEnumerable<LedgerRejection> Admission(ExistingLedger existing, LedgerRow row);

    /// <summary>
    /// Appends <paramref name="row"/>; returns its 1-based line number. <paramref name="sealHeader"/>, when given,
    /// is a header line written (in the same locked write) just before the file's first data row if no header
    /// seals the file yet — how a ledger is sealed to its pre-registration at its first row.
    /// </summary>
    /// <exception cref="LedgerAppendRefusedException">the row is malformed, duplicates a run_id, or <paramref name="admission"/> refused it.</exception>
    /// <exception cref="LedgerIoException">the file could not be locked, read or written.</exception>
    public static int Append(string path, LedgerRow row, Admission? admission = null, TimeSpan? lockTimeout = null,
        string? sealHeader = null)
    {
        var line = SelfCheckedLine(path, row);
        if (sealHeader is not null && LedgerRowParser.ParseLine(sealHeader) is not LineOutcome.Header { Seal: not null })
            throw new ArgumentException($"not a sealing header line: {sealHeader}", nameof(sealHeader));
        try
        {
            using var stream = LockedFile.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None,
                lockTimeout ?? LockedFile.DefaultTimeout);
            var existingBytes = new byte[stream.Length];
            stream.ReadExactly(existingBytes);
            var existing = new ExistingLedger(existingBytes, path);

            var reasons = new List<LedgerRejection>();
            if (existing.RunIds.TryGetValue(row.RunId, out var clash))
                reasons.Add(new(LedgerFields.RunId, $"'{row.RunId}' is already used on line {clash}; run_ids are unique", RejectionKind.Malformed));
            if (row.Reproduces is { } target && !existing.RunIds.ContainsKey(target))
                reasons.Add(new(LedgerFields.Reproduces, $"no row has run_id '{target}'; emit the original run first", RejectionKind.Malformed));
            if (admission is not null) reasons.AddRange(admission(existing, row));
            if (reasons.Count > 0) throw new LedgerAppendRefusedException(path, reasons);

            // A previous writer that died mid-line left no terminator: start on a fresh line so this row stays
            // well-formed and the damaged line stays visible to `ledger check` (never repaired silently).
            var needsNewline = existingBytes.Length > 0 && existingBytes[^1] != (byte)'\n';
            var seal = sealHeader is not null && existing.HasNoRows && existing.Seal is null ? sealHeader + "\n" : "";
            var bytes = Encoding.UTF8.GetBytes((needsNewline ? "\n" : "") + seal + line + "\n");
            stream.Seek(0, SeekOrigin.End);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
            return CountLines(existingBytes) + (seal.Length > 0 ? 2 : 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not LedgerIoException)
        {
            throw new LedgerIoException($"{path}: cannot append to the ledger: {e.Message}", e);
        }
    }

    // Serialise, then parse back with the reader's own rules: the writer can never produce a line check rejects.
    private static string SelfCheckedLine(string path, LedgerRow row)
    {
        if (!double.IsFinite(row.Bpb))
            throw new LedgerAppendRefusedException(path,
                [new(LedgerFields.Bpb, $"{row.Bpb} is not finite; NaN and Infinity are never written", RejectionKind.Malformed)]);
        var line = LedgerRowSerializer.ToLine(row);
        return LedgerRowParser.ParseLine(line) switch
        {
            LineOutcome.Data => line,
            LineOutcome.Malformed m => throw new LedgerAppendRefusedException(path,
                m.Problems.Select(p => new LedgerRejection(p.Field, p.Message, RejectionKind.Malformed)).ToList()),
            _ => throw new LedgerAppendRefusedException(path,
                [new(LedgerFields.WholeLine, "the row serialised to a header line", RejectionKind.Malformed)]),
        };
    }

    private static int CountLines(byte[] bytes) =>
        bytes.Count(b => b == (byte)'\n') + (bytes.Length > 0 && bytes[^1] != (byte)'\n' ? 1 : 0);
}
