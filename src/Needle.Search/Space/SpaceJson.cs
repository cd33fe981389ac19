using System.Globalization;
using System.Text.Json;

namespace Needle.Search.Space;

/// <summary>
/// What every space file (race spaces, the history space) shares: reading the file, parsing JSON that may carry
/// comments and trailing commas, turning a config value into the engine's text form, and errors that name the file,
/// the line of the field and what to do.
/// </summary>
internal static class SpaceJson
{
    /// <summary>The text of <paramref name="path"/>; a missing file is an error that says what to pass instead.</summary>
    public static string ReadFile(string path, string hint) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new SpaceFileException($"{path}: file not found. {hint}");

    /// <summary>Parses <paramref name="json"/>; invalid JSON is an error naming <paramref name="source"/> and the line.</summary>
    public static JsonDocument Parse(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new SpaceFileException($"{source}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>A config value as the engine's text (numbers in round-trip form), or null for anything else.</summary>
    public static string? ConfigText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True or JsonValueKind.False => value.GetBoolean() ? "true" : "false",
        _ => null,
    };

    /// <summary>An error at the first line that names <paramref name="field"/> (line 1 when there is no field).</summary>
    public static SpaceFileException Error(string json, string source, string? field, string what)
    {
        var line = field is null ? 1 : LineOf(json, "\"" + field + "\"");
        return new SpaceFileException($"{source}:{line}: {(field is null ? "" : $"field '{field}' ")}{what}. Fix the space file and run again.");
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="needle"/>, or 1 when absent.</summary>
    public static int LineOf(string json, string needle)
    {
        var at = json.IndexOf(needle, StringComparison.Ordinal);
        return at < 0 ? 1 : 1 + json.AsSpan(0, at).Count('\n');
    }
}
