using System.Text.Json;

namespace Needle.Core.Ledger;

/// <summary>
/// What an append sees of the file under its lock. The run_ids come from a cheap token scan (every append
/// needs them); the fully validated entries are parsed only if an admission rule asks, because parsing the
/// whole ledger on every append made concurrent appends quadratic in CPU.
/// </summary>
public sealed class ExistingLedger
{
    private readonly byte[] _bytes;
    private readonly string _file;
    private readonly Lazy<IReadOnlyList<LedgerEntry>> _entries;

    internal ExistingLedger(byte[] bytes, string file)
    {
        _bytes = bytes;
        _file = file;
        (RunIds, Seal) = Scan(bytes);
        _entries = new(() => LedgerReader.ParseLines(_bytes, _file).Entries);
    }

    /// <summary>run_id → first line it appears on (well-formed JSON lines only).</summary>
    public IReadOnlyDictionary<string, int> RunIds { get; }

    /// <summary>The well-formed data rows already in the file.</summary>
    public IReadOnlyList<LedgerEntry> Entries => _entries.Value;

    /// <summary>The pre-registration seal of the file (a header before its first data row), if any.</summary>
    public LedgerSeal? Seal { get; }

    /// <summary>True when the file holds no line with a run_id yet (the next row is the first data row).</summary>
    public bool HasNoRows => RunIds.Count == 0;

    // Only the lines before the first run_id are parsed in full (to find the seal); the rest are token-scanned.
    private static (Dictionary<string, int>, LedgerSeal?) Scan(ReadOnlySpan<byte> bytes)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        LedgerSeal? seal = null;
        var line = 0;
        while (bytes.Length > 0)
        {
            line++;
            var nl = bytes.IndexOf((byte)'\n');
            var text = nl < 0 ? bytes : bytes[..nl];
            bytes = nl < 0 ? [] : bytes[(nl + 1)..];
            if (RunIdOf(text) is { } id) ids.TryAdd(id, line);
            else if (ids.Count == 0 && seal is null && SealOf(text) is { } s) seal = new(s, line);
        }
        return (ids, seal);
    }

    private static string? SealOf(ReadOnlySpan<byte> line)
    {
        try
        {
            return LedgerRowParser.ParseLine(System.Text.Encoding.UTF8.GetString(line).TrimEnd('\r')) is LineOutcome.Header { Seal: { } s } ? s : null;
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            return null;
        }
    }

    private static string? RunIdOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 &&
                    reader.ValueTextEquals(LedgerFields.RunId))
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // A damaged line has no usable run_id; `ledger check` reports it with its line number.
        }
        return null;
    }
}
