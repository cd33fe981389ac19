using System.Text.Encodings.Web;
using System.Text.Json;

namespace Needle.Cli;

/// <summary>Writes the machine-readable result of a verb as the last line of stdout (`--json`).</summary>
internal static class JsonLine
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
