using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Needle.Core.Ledger;

/// <summary>
/// Finds out where and why a line is not valid JSON, so the error can name the field it broke in
/// (a truncated line breaks inside its last field) and say plainly when the cause is a NaN/Infinity literal.
/// </summary>
internal static partial class JsonLineScanner
{
    /// <summary>Null when the line is syntactically valid JSON; else the field it broke in and why.</summary>
    public static (string Field, string Message)? FindSyntaxError(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        string? lastProperty = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                    lastProperty = reader.GetString();
            }
            return null;
        }
        catch (JsonException e)
        {
            var field = lastProperty ?? LedgerFields.WholeLine;
            var at = (int)Math.Min(e.BytePositionInLine ?? reader.BytesConsumed, bytes.Length);
            var tail = Encoding.UTF8.GetString(bytes, at, bytes.Length - at);
            if (NonFiniteLiteral().Match(tail) is { Success: true } m)
                return (field, $"'{m.Value}' is not a number: NaN and Infinity are never accepted in the ledger; record a failed run without a bpb row instead");
            if (at >= bytes.Length || reader.BytesConsumed >= bytes.Length)
                return (field, "the line ends before the JSON object is complete (truncated write?); restore the full row — the ledger is append-only, never delete lines");
            return (field, $"not valid JSON at byte {at + 1}: {FirstSentence(e.Message)}; fix the row by hand so it is one JSON object");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    [GeneratedRegex(@"^\s*[-+]?(NaN|nan|Infinity|infinity|inf|Inf|INF)", RegexOptions.CultureInvariant)]
    private static partial Regex NonFiniteLiteral();
}
