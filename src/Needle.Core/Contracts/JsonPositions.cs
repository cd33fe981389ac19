using System.Text;
using System.Text.Json;

namespace Needle.Core.Contracts;

/// <summary>
/// The 1-based line of every value in a JSON text, by JSON Pointer ("/invariants/3/status" → the line of the
/// "status" key). System.Text.Json's document model drops positions, and every contract error must name the line.
/// </summary>
public sealed class JsonPositions
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonPositions() { }

    /// <summary>The line of the value at <paramref name="pointer"/>, or of its nearest enclosing value that exists.</summary>
    public int LineOf(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (_lines.TryGetValue(p, out var line)) return line;
            if (p.Length == 0) return 1;
        }
    }

    /// <summary>Maps <paramref name="json"/> (comments and trailing commas allowed, as the readers allow them).</summary>
    public static JsonPositions Of(string json)
    {
        var map = new JsonPositions();
        var utf8 = Encoding.UTF8.GetBytes(json);
        var starts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++) if (utf8[i] == (byte)'\n') starts.Add(i + 1);
        int Line(long offset)
        {
            var index = starts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new Stack<(string Pointer, int NextIndex, bool IsArray)>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    pendingName = path.Peek().Pointer + "/" + Escape(reader.GetString()!);
                    map._lines.TryAdd(pendingName, Line(reader.TokenStartIndex));
                    continue;
                }
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    path.Pop();
                    continue;
                }
                string pointer;
                if (pendingName is not null) { pointer = pendingName; pendingName = null; }
                else if (path.Count > 0 && path.Peek().IsArray)
                {
                    var (parent, next, _) = path.Pop();
                    path.Push((parent, next + 1, true));
                    pointer = parent + "/" + next.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    map._lines.TryAdd(pointer, Line(reader.TokenStartIndex));
                }
                else
                {
                    pointer = "";
                    map._lines.TryAdd(pointer, Line(reader.TokenStartIndex));
                }
                if (token == JsonTokenType.StartObject) path.Push((pointer, 0, false));
                else if (token == JsonTokenType.StartArray) path.Push((pointer, 0, true));
            }
        }
        catch (JsonException)
        {
            // Invalid JSON is the parser's error to report (with its own line); the lines read so far stay usable.
        }
        return map;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
