using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Needle.Core.Ledger;

/// <summary>Writes a row as one compact JSON line, fields in <see cref="LedgerFields"/> order (stable diffs).</summary>
public static class LedgerRowSerializer
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep names readable; the file is UTF-8
        Indented = false,
    };

    /// <summary>The row as one line of JSON, without a line terminator.</summary>
    public static string ToLine(LedgerRow row)
    {
        if (!double.IsFinite(row.Bpb))
            throw new ArgumentException($"bpb {row.Bpb} is not finite; NaN and Infinity are never written to the ledger", nameof(row));
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString(LedgerFields.RunId, row.RunId);
            w.WriteString(LedgerFields.Ts, FormatTimestamp(row.Ts));
            w.WriteString(LedgerFields.Agent, row.Agent);
            w.WriteString(LedgerFields.Canon, row.Canon);
            w.WriteNumber(LedgerFields.Seed, row.Seed);
            w.WriteNumber(LedgerFields.Bpb, row.Bpb);
            w.WriteNumber(LedgerFields.Step, row.Step);
            w.WriteString(LedgerFields.Sha, row.Sha);
            w.WriteString(LedgerFields.CorpusSha256, row.CorpusSha256);
            w.WriteString(LedgerFields.Split, row.Split);
            w.WriteString(LedgerFields.Tag, row.Tag);
            w.WriteString(LedgerFields.GateAction, row.GateAction);
            if (row.ReviewedBy is not null) w.WriteString(LedgerFields.ReviewedBy, row.ReviewedBy);
            if (row.Reproduces is not null) w.WriteString(LedgerFields.Reproduces, row.Reproduces);
            if (row.ConfigJson is not null)
            {
                w.WritePropertyName(LedgerFields.Config);
                using var config = JsonDocument.Parse(row.ConfigJson);
                config.RootElement.WriteTo(w);
            }
            if (row.ConfigSha256 is not null) w.WriteString(LedgerFields.ConfigSha256, row.ConfigSha256);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>UTC, second precision unless the time has a fraction: 2026-11-21T12:00:00Z.</summary>
    public static string FormatTimestamp(DateTimeOffset ts) =>
        ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture).Replace(".Z", "Z");
}
