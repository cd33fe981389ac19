using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Needle.Core.Contracts;

namespace Needle.Search.History;

/// <summary>
/// The line format of <c>history.jsonl</c>: one <see cref="HistoryRecord"/> per line, sealed with a last field
/// <c>"check"</c> = SHA-256 of the line's text before it. A truncated line is not JSON; an edited one no longer
/// matches its check; either is rejected naming the file and line.
/// </summary>
public static class HistoryLines
{
    private const string CheckField = ",\"check\":\"";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static string Write(HistoryRecord record)
    {
        var body = JsonSerializer.Serialize(record, Json);
        return body[..^1] + CheckField + Hash(body) + "\"}";
    }

    /// <summary>Parses and checks one line; throws <see cref="InvalidDataException"/> naming <paramref name="file"/>:<paramref name="line"/>.</summary>
    public static HistoryRecord Read(string text, string file, int line)
    {
        var at = text.LastIndexOf(CheckField, StringComparison.Ordinal);
        if (at < 0 || !text.EndsWith("\"}", StringComparison.Ordinal))
            throw Bad(file, line, "the line is truncated or has no \"check\" field; re-export it with `needle history export`");
        var body = text[..at] + "}";
        var check = text[(at + CheckField.Length)..^2];
        if (!string.Equals(check, Hash(body), StringComparison.Ordinal))
            throw Bad(file, line, "the line was edited after export (its check does not match its content); restore it from git or re-export");
        HistoryRecord record;
        try
        {
            // The fields, their types and ranges are the contract schemas/history-line.schema.json.
            using (var doc = JsonDocument.Parse(text))
                if (JsonContract.Check("history-line", doc.RootElement, text, file, line) is [var first, ..])
                    throw new InvalidDataException($"{first}; re-export the history with `needle history export`");
            record = JsonSerializer.Deserialize<HistoryRecord>(body, Json) ?? throw Bad(file, line, "the line is null");
        }
        catch (JsonException e)
        {
            throw Bad(file, line, $"not a history record: {e.Message}");
        }
        CheckSemantics(record, file, line);
        return record;
    }

    // What a schema cannot say: the fold is a function of the config id, and the curve's steps increase.
    private static void CheckSemantics(HistoryRecord r, string file, int line)
    {
        if (r.Fold != HistoryConfig.FoldOf(r.ConfigId))
            throw Bad(file, line, $"field 'fold' is {r.Fold}, but config {r.ConfigId}'s fold is {HistoryConfig.FoldOf(r.ConfigId)}");
        double previous = 0;
        foreach (var point in r.Curve)
        {
            if (point[0] <= previous) throw Bad(file, line, $"field 'curve': step {point[0]} does not increase (after {previous})");
            previous = point[0];
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static InvalidDataException Bad(string file, int line, string what) => new($"{file}:{line}: {what}");
}
