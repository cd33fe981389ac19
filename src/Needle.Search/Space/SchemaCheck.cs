using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Needle.Search.Space;

/// <summary>
/// Validates a file against its contract in <c>schemas/</c> (JSON Schema 2020-12, JsonSchema.Net), and turns the
/// first violation into the project's error: file, line of the field, the field, what is wrong and what it must be
/// (the schema's <c>description</c> of the field).
/// </summary>
public static partial class SchemaCheck
{
    private static readonly ConcurrentDictionary<string, (JsonSchema Schema, JsonNode Text)> Loaded = new();

    /// <summary>Throws a <see cref="SpaceFileException"/> naming the first violation of <paramref name="schemaName"/>.</summary>
    public static void Validate(string schemaName, JsonElement root, string json, string source)
    {
        var (schema, text) = Load(schemaName);
        var result = schema.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        // The schema's top-level oneOf of "required" alternatives (seeds | phiSeeds): say it in those words.
        if (Alternatives(text) is { Count: > 0 } alternatives && root.ValueKind == JsonValueKind.Object)
        {
            var given = alternatives.Where(a => root.TryGetProperty(a, out _)).ToList();
            if (given.Count != 1)
                throw SpaceJson.Error(json, source, given.Count > 1 ? given[^1] : null,
                    $"give exactly one of {string.Join(" or ", alternatives.Select(a => $"\"{a}\""))}");
        }
        var failure = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .OrderByDescending(d => Segments(d).Length) // the deepest: the most specific field
            .ThenBy(d => d.Errors!.ContainsKey("oneOf") ? 1 : 0)
            .FirstOrDefault();
        if (failure is null) throw SpaceJson.Error(json, source, null, $"does not match {schemaName}");
        var first = failure.Errors!.First();
        string keyword = first.Key, message = first.Value;
        var segments = Segments(failure);
        var field = segments.Length > 0 ? segments[0] : null;
        if (keyword == "required" && RequiredName().Match(message) is { Success: true } m) field = m.Groups[1].Value;
        if (segments.Length == 1 && text["properties"]?[field!] is null)
            throw SpaceJson.Error(json, source, field, $"is not a field of this file (known: {string.Join(", ", Properties(text))})");
        var what = field is not null && text["properties"]?[field]?["description"]?.GetValue<string>() is { } description
            ? $"must be {description}" : message;
        var where = segments.Length > 1 ? $" (at {failure.InstanceLocation}: {message})" : "";
        throw SpaceJson.Error(json, source, field, (keyword == "required" ? "is required: " + Trim(what) : what) + where);
    }

    // Fields of which exactly one must be given (a schema's top-level oneOf of "required" alternatives), if any.
    private static IReadOnlyList<string>? Alternatives(JsonNode text) =>
        text["oneOf"] is JsonArray options
            ? options.Select(o => o?["required"]?[0]?.GetValue<string>()).OfType<string>().ToList()
            : null;

    private static string[] Segments(EvaluationResults result) =>
        result.InstanceLocation.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries).Select(x => x.Replace("~1", "/").Replace("~0", "~")).ToArray();

    private static string Trim(string what) => what.StartsWith("must be ", StringComparison.Ordinal) ? what["must be ".Length..] : what;

    private static IEnumerable<string> Properties(JsonNode text) => text["properties"]!.AsObject().Select(p => p.Key);

    private static (JsonSchema, JsonNode) Load(string name) => Loaded.GetOrAdd(name, n =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"schemas/{n}.schema.json")
                           ?? throw new InvalidOperationException($"schema '{n}' is not embedded; rebuild Needle.Search");
        var text = new StreamReader(stream).ReadToEnd();
        return (JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }), JsonNode.Parse(text)!);
    });

    [GeneratedRegex("\\[\"([^\"]+)\"")]
    private static partial Regex RequiredName();
}
