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
        RunIds = ScanRunIds(bytes);
        _entries = new(() => LedgerReader.ParseLines(_bytes, _file).Entries);
    }

    /// <summary>run_id → first line it appears on (well-formed JSON lines only).</summary>
    public IReadOnlyDictionary<string, int> RunIds { get; }

    /// <summary>The well-formed data rows already in the file.</summary>
    public IReadOnlyList<LedgerEntry> Entries => _entries.Value;

    private static Dictionary<string, int> ScanRunIds(ReadOnlySpan<byte> bytes)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var line = 0;
        while (bytes.Length > 0)
        {
            line++;
            var nl = bytes.IndexOf((byte)'\n');
            var text = nl < 0 ? bytes : bytes[..nl];
            bytes = nl < 0 ? [] : bytes[(nl + 1)..];
            if (RunIdOf(text) is { } id) ids.TryAdd(id, line);
        }
        return ids;
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
