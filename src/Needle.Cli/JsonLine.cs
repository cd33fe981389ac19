using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Needle.Cli;

/// <summary>
/// The machine-readable result of a verb (<c>--json</c>): one JSON value on the last stdout line, snake_case keys
/// (typed objects are serialised with the snake_case policy; hand-built <see cref="JsonObject"/>s write their keys
/// in snake_case; a test walks every verb's output).
/// </summary>
public static class JsonLine
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null, // dictionary keys are data (trial states, host names), written as they are
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The one-line JSON text of <paramref name="value"/>.</summary>
    public static string Text(object value) => value is JsonNode node ? node.ToJsonString(Options) : JsonSerializer.Serialize(value, Options);

    /// <summary>Writes <paramref name="value"/> as the last stdout line.</summary>
    public static void Write(object value) => CliConsole.Out.WriteLine(Text(value));
}
