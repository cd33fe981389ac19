using System.Text;

namespace Needle.Core.Ledger;

/// <summary>
/// Reads a ledger file: UTF-8 with or without BOM, LF or CRLF. Header lines are skipped (and counted); every
/// malformed line becomes a <see cref="LedgerError"/> — never silently skipped. Duplicate run_ids and
/// reproductions of unknown runs are malformed too, whichever line comes first.
/// </summary>
public static class LedgerReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="path"/> under a shared lock; throws <see cref="LedgerIoException"/> if it cannot.</summary>
    public static LedgerDocument Read(string path, TimeSpan? lockTimeout = null)
    {
        byte[] bytes;
        try
        {
            using var stream = LockedFile.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read,
                lockTimeout ?? LockedFile.DefaultTimeout);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            bytes = memory.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not LedgerIoException)
        {
            throw new LedgerIoException($"{path}: cannot read the ledger: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses ledger bytes; <paramref name="file"/> is only used in error messages.</summary>
    public static LedgerDocument Parse(ReadOnlySpan<byte> bytes, string file)
    {
        var (entries, headers, errors, seal) = ParseLines(bytes, file);
        var accepted = RejectCrossRowProblems(file, entries, errors);
        return new LedgerDocument(file, accepted, headers, errors.OrderBy(e => e.Line).ToList(), seal);
    }

    /// <summary>Line-by-line parse without the cross-row checks (the writer needs every run_id, duplicates included).</summary>
    internal static (List<LedgerEntry> Entries, int Headers, List<LedgerError> Errors, LedgerSeal? Seal) ParseLines(ReadOnlySpan<byte> bytes, string file)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var entries = new List<LedgerEntry>();
        var errors = new List<LedgerError>();
        var headers = 0;
        LedgerSeal? seal = null;
        var lines = SplitLines(bytes);
        for (var i = 0; i < lines.Count; i++)
        {
            var lineNo = i + 1;
            string text;
            try
            {
                text = StrictUtf8.GetString(lines[i]);
            }
            catch (DecoderFallbackException)
            {
                errors.Add(new(file, lineNo, LedgerFields.WholeLine, "is not valid UTF-8; the ledger must be UTF-8 text"));
                continue;
            }
            switch (LedgerRowParser.ParseLine(text))
            {
                case LineOutcome.Header h:
                    headers++;
                    if (h.Seal is not null && seal is null && entries.Count == 0) seal = new(h.Seal, lineNo);
                    break;
                case LineOutcome.Data d: entries.Add(new(lineNo, d.Row)); break;
                case LineOutcome.Malformed m: errors.AddRange(m.Problems.Select(p => new LedgerError(file, lineNo, p.Field, p.Message))); break;
            }
        }
        return (entries, headers, errors, seal);
    }

    /// <summary>Parses ledger text (tests and tools that build a ledger in memory).</summary>
    public static LedgerDocument ParseText(string text, string file) => Parse(Encoding.UTF8.GetBytes(text), file);

    private static List<LedgerEntry> RejectCrossRowProblems(string file, List<LedgerEntry> entries, List<LedgerError> errors)
    {
        // Every occurrence of a duplicated run_id is an error: which one is "the real" row is exactly the
        // judgement a reader must not make silently.
        var byRunId = entries.GroupBy(e => e.Row.RunId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var bad = new HashSet<LedgerEntry>();
        foreach (var group in byRunId.Values.Where(g => g.Count > 1))
        {
            foreach (var e in group)
            {
                var others = string.Join(", ", group.Where(o => o != e).Select(o => o.Line));
                errors.Add(new(file, e.Line, LedgerFields.RunId, $"'{e.Row.RunId}' is also used on line {others}; run_ids must be unique"));
                bad.Add(e);
            }
        }
        foreach (var e in entries.Where(e => e.Row.Reproduces is { } target && !byRunId.ContainsKey(target)))
        {
            errors.Add(new(file, e.Line, LedgerFields.Reproduces, $"no row has run_id '{e.Row.Reproduces}'; a reproduction must name a run in this ledger"));
            bad.Add(e);
        }
        return entries.Where(e => !bad.Contains(e)).ToList();
    }

    // LF or CRLF; a final terminator does not start another (empty) line.
    private static List<byte[]> SplitLines(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<byte[]>();
        while (bytes.Length > 0)
        {
            var nl = bytes.IndexOf((byte)'\n');
            var line = nl < 0 ? bytes : bytes[..nl];
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            lines.Add(line.ToArray());
            bytes = nl < 0 ? [] : bytes[(nl + 1)..];
        }
        return lines;
    }
}
