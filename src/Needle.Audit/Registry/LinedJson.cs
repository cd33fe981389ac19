using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Needle.Audit.Registry;

/// <summary>The kind of a <see cref="LinedJson"/> value.</summary>
public enum LinedJsonKind { Object, Array, String, Number, True, False, Null }

/// <summary>
/// A JSON value that remembers the 1-based line it starts on. System.Text.Json's document model drops
/// positions, and the audit must name the line of every bad field, so the registry is read into this instead.
/// </summary>
public sealed class LinedJson
{
    public required LinedJsonKind Kind { get; init; }
    public required int Line { get; init; }
    /// <summary>The raw text of a string (unescaped) or a number (as written).</summary>
    public string? Text { get; init; }
    public IReadOnlyList<(string Name, int Line, LinedJson Value)> Properties { get; init; } = [];
    public IReadOnlyList<LinedJson> Items { get; init; } = [];

    public LinedJson? this[string name] => Properties.FirstOrDefault(p => p.Name == name).Value;

    public double? AsDouble() =>
        Kind == LinedJsonKind.Number && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Parses UTF-8 JSON; throws <see cref="JsonException"/> whose LineNumber is 0-based (as System.Text.Json's).</summary>
    public static LinedJson Parse(byte[] utf8)
    {
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read()) throw new JsonException("The file is empty.", null, 0, 0);
        var value = ReadValue(ref reader, lineStarts);
        if (reader.Read()) throw new JsonException("Text after the top-level value.", null, LineOf(lineStarts, reader.TokenStartIndex) - 1, 0);
        return value;
    }

    private static LinedJson ReadValue(ref Utf8JsonReader reader, List<long> lineStarts)
    {
        var line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var props = new List<(string, int, LinedJson)>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    var nameLine = LineOf(lineStarts, reader.TokenStartIndex);
                    reader.Read();
                    props.Add((name, nameLine, ReadValue(ref reader, lineStarts)));
                }
                return new LinedJson { Kind = LinedJsonKind.Object, Line = line, Properties = props };
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<LinedJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(ReadValue(ref reader, lineStarts));
                return new LinedJson { Kind = LinedJsonKind.Array, Line = line, Items = items };
            }
            case JsonTokenType.String:
                return new LinedJson { Kind = LinedJsonKind.String, Line = line, Text = reader.GetString() };
            case JsonTokenType.Number:
                return new LinedJson
                {
                    Kind = LinedJsonKind.Number, Line = line,
                    Text = Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
                };
            case JsonTokenType.True: return new LinedJson { Kind = LinedJsonKind.True, Line = line };
            case JsonTokenType.False: return new LinedJson { Kind = LinedJsonKind.False, Line = line };
            default: return new LinedJson { Kind = LinedJsonKind.Null, Line = line };
        }
    }

    private static List<long> LineStarts(byte[] utf8)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++) if (utf8[i] == (byte)'\n') starts.Add(i + 1);
        return starts;
    }

    private static int LineOf(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
