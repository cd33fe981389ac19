using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

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
            record = JsonSerializer.Deserialize<HistoryRecord>(body, Json) ?? throw Bad(file, line, "the line is null");
        }
        catch (JsonException e)
        {
            throw Bad(file, line, $"not a history record: {e.Message}");
        }
        Validate(record, file, line);
        return record;
    }

    private static void Validate(HistoryRecord r, string file, int line)
    {
        if (r.Fold != HistoryConfig.FoldOf(r.ConfigId))
            throw Bad(file, line, $"field 'fold' is {r.Fold}, but config {r.ConfigId}'s fold is {HistoryConfig.FoldOf(r.ConfigId)}");
        long previous = 0;
        foreach (var point in r.Curve)
        {
            if (point.Length != 2) throw Bad(file, line, "field 'curve': each point must be [step, bpb]");
            if (point[0] <= previous) throw Bad(file, line, $"field 'curve': step {point[0]} does not increase (after {previous})");
            if (!double.IsFinite(point[1]) || point[1] <= 0) throw Bad(file, line, $"field 'curve': BPB {point[1]} at step {point[0]} is not a finite positive number");
            previous = (long)point[0];
        }
        foreach (var (rung, bpb) in r.RungBpb)
            if (!double.IsFinite(bpb) || bpb <= 0) throw Bad(file, line, $"field 'rung_bpb': {rung} → {bpb} is not a finite positive number");
        if (!double.IsFinite(r.SecondsPerStep) || r.SecondsPerStep < 0) throw Bad(file, line, $"field 'seconds_per_step' {r.SecondsPerStep} is not a finite non-negative number");
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static InvalidDataException Bad(string file, int line, string what) => new($"{file}:{line}: {what}");
}
