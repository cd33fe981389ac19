using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Needle.Core.Contracts;

/// <summary>
/// The file contracts of <c>schemas/NAME.schema.json</c> (JSON Schema 2020-12, evaluated by JsonSchema.Net), embedded
/// in this assembly so every reader checks the same contract from any directory. A violation becomes the project's
/// bad-input message: the file, the line of the field, the field, what is wrong and what it must be — the
/// <c>description</c> the schema gives the field, written as "what it means: what to write".
/// Rules a schema cannot state (hash chains, cross-references, "this list is in that list") stay in the readers.
/// </summary>
public static class JsonContract
{
    private static readonly ConcurrentDictionary<string, (JsonSchema Schema, JsonNode Text)> Loaded = new();

    // JsonSchema.Net reports no error of its own when one of these fails (only its alternatives' errors), so a
    // violation could not say what was wrong: the contracts state such rules with if/then and false subschemas.
    private static readonly HashSet<string> Unexplainable = ["oneOf", "anyOf", "not", "$ref", "$dynamicRef"];

    /// <summary>The names of the embedded contracts (schemas/*.schema.json).</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(JsonContract).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("schemas/", StringComparison.Ordinal) && n.EndsWith(".schema.json", StringComparison.Ordinal))
        .Select(n => n["schemas/".Length..^".schema.json".Length]).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Every violation of contract <paramref name="schema"/> by <paramref name="json"/> (already parsed as
    /// <paramref name="root"/>), in line order; empty when the file meets it. <paramref name="file"/> names it in messages;
    /// <paramref name="line"/> is the file line of the text's first line (a JSON-lines file checks one line at a time).
    /// </summary>
    public static IReadOnlyList<ContractViolation> Check(string schema, JsonElement root, string json, string file, int line = 1)
    {
        var (compiled, text) = Load(schema);
        // The flag pass is cheap; only a file that fails it is evaluated again for the details of every failure.
        if (compiled.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid) return [];
        var result = compiled.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var positions = line == 1 && !json.Contains('\n', StringComparison.Ordinal) ? null : JsonPositions.Of(json);
        int LineOf(string pointer) => (positions?.LineOf(pointer) ?? 1) + line - 1;

        var violations = new List<ContractViolation>();
        foreach (var detail in (result.Details ?? []).Prepend(result).Where(d => d.Errors is { Count: > 0 }))
        {
            // The evaluation path, not the reported schema location, names the rule's place in the schema (the
            // contracts use no $ref); JsonSchema.Net 8 writes an array's item rule as ".../items/items".
            var rule = detail.EvaluationPath.ToString().Replace("/items/items", "/items", StringComparison.Ordinal);
            if (IsInsideTest(rule)) continue;
            var at = detail.InstanceLocation.ToString();
            var node = Resolve(text, rule);
            foreach (var (keyword, message) in detail.Errors!)
                foreach (var v in Explain(keyword, message, text, rule, node, root, at))
                    violations.Add(new ContractViolation(file, LineOf(v.Pointer), FieldOf(root, v.Pointer), v.Problem));
        }
        if (violations.Count == 0) violations.Add(new ContractViolation(file, line, "", $"does not meet {schema}.schema.json"));
        return violations.DistinctBy(v => (v.Field, v.Problem)).OrderBy(v => v.Line).ThenBy(v => v.Field, StringComparer.Ordinal).ToList();
    }

    /// <summary>Parses <paramref name="json"/> and checks it; throws a <see cref="ContractException"/> naming every violation.</summary>
    public static void Require(string schema, string json, string file, int line = 1)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ContractException([new ContractViolation(file, (int)(e.LineNumber ?? 0) + line, "", $"is not valid JSON ({e.Message}); fix the syntax at that line")]);
        }
        using (doc)
        {
            var violations = Check(schema, doc.RootElement, json, file, line);
            if (violations.Count > 0) throw new ContractException(violations);
        }
    }

    private static IEnumerable<(string Pointer, string Problem)> Explain(
        string keyword, string message, JsonNode schema, string schemaPointer, JsonNode? node, JsonElement root, string at)
    {
        if (keyword == "required" && Get(node, "required") is JsonArray required && Value(root, at) is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()).Where(n => !obj.TryGetProperty(n, out _)))
            {
                // A branch of the rules (a "then") that says why it requires the field speaks for itself.
                var description = (Get(node, "description") as JsonValue)?.GetValue<string>() ?? DescriptionOfProperty(schema, schemaPointer, name);
                yield return (at + "/" + name, "is required" + (description is null ? "" : ": " + description));
            }
            yield break;
        }
        if (keyword == "oneOf" && Get(node, "oneOf") is JsonArray options && options.All(o => Get(o, "required") is JsonArray { Count: 1 }))
        {
            var names = options.Select(o => o!["required"]![0]!.GetValue<string>()).ToList();
            yield return (at, $"must give exactly one of {string.Join(" or ", names.Select(n => $"'{n}'"))}");
            yield break;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.False)
        {
            var parent = schemaPointer[..schemaPointer.LastIndexOf('/')];
            if (schemaPointer.EndsWith("/additionalProperties", StringComparison.Ordinal))
            {
                var owner = Resolve(schema, parent);
                var known = Get(owner, "properties") is JsonObject p ? p.Select(x => x.Key).Order(StringComparer.Ordinal).ToList() : [];
                var given = Segments(at).LastOrDefault() ?? "";
                var fix = SpellingSuggestion.Closest(given, known) is { } close ? $"did you mean '{close}'? Fix its spelling or remove it" : "remove it or fix its spelling";
                yield return (at, $"is not a field here (known: {string.Join(", ", known)}); {fix}");
            }
            else
                yield return (at, "does not belong here" + (DescriptionAbove(schema, schemaPointer) is { } why ? ": " + why : ""));
            yield break;
        }
        var shown = Value(root, at) is { } value ? Shown(value) : "absent";
        var what = DescriptionAbove(schema, schemaPointer + "/" + keyword);
        yield return (at, what is null ? $"is {shown}: {message}" : $"is {shown}; it must be {what}");
    }

    // The description of the nearest schema node at or above the pointer (not the file's own title).
    private static string? DescriptionAbove(JsonNode schema, string pointer)
    {
        for (var p = pointer; p.Length > 0; p = p[..p.LastIndexOf('/')])
            if (Get(Resolve(schema, p), "description") is JsonValue d && d.GetValueKind() == JsonValueKind.String) return d.GetValue<string>();
        return null;
    }

    private static string? DescriptionOfProperty(JsonNode schema, string pointer, string name)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (Get(Get(Get(Resolve(schema, p), "properties"), name), "description") is JsonValue d && d.GetValueKind() == JsonValueKind.String) return d.GetValue<string>();
            if (p.Length == 0) return null;
        }
    }

    // What fails inside an "if" is the test of a conditional rule, not a rule the file broke.
    private static bool IsInsideTest(string evaluationPath) => evaluationPath.Split('/').Contains("if");

    private static string Shown(JsonElement value)
    {
        var raw = value.ValueKind switch
        {
            JsonValueKind.Object => value.EnumerateObject().Any() ? "an object" : "an empty object",
            JsonValueKind.Array => $"an array of {value.GetArrayLength()}",
            _ => value.GetRawText(),
        };
        return raw.Length > 60 ? raw[..57] + "…" : raw;
    }

    private static JsonElement? Value(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var segment in Segments(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next)) current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < current.GetArrayLength()) current = current[i];
            else return null;
        }
        return current;
    }

    // "/invariants/3/status" → "invariants[3].status" (array indices as [n], object keys dotted).
    private static string FieldOf(JsonElement root, string pointer)
    {
        var field = new System.Text.StringBuilder();
        var current = (JsonElement?)root;
        foreach (var segment in Segments(pointer))
        {
            if (current is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                field.Append('[').Append(segment).Append(']');
                current = i < array.GetArrayLength() ? array[i] : null;
                continue;
            }
            if (field.Length > 0) field.Append('.');
            field.Append(segment);
            current = current is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(segment, out var next) ? next : null;
        }
        return field.ToString();
    }

    private static IEnumerable<string> Segments(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));


    private static IEnumerable<string> Keywords(JsonNode? node) => node switch
    {
        // Under "properties" the keys are field names, not keywords.
        JsonObject o => o.SelectMany(p => p.Key is "properties" && p.Value is JsonObject fields
            ? fields.SelectMany(f => Keywords(f.Value))
            : Keywords(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Keywords),
        _ => [],
    };

    private static JsonNode? Get(JsonNode? node, string key) => node is JsonObject o ? o[key] : null;

    private static JsonNode? Resolve(JsonNode schema, string pointer)
    {
        JsonNode? node = schema;
        foreach (var segment in Segments(pointer))
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    private static (JsonSchema, JsonNode) Load(string name) => Loaded.GetOrAdd(name, n =>
    {
        using var stream = typeof(JsonContract).Assembly.GetManifestResourceStream($"schemas/{n}.schema.json")
                           ?? throw new InvalidOperationException($"schema '{n}' is not embedded in Needle.Core (known: {string.Join(", ", Names)})");
        var text = new StreamReader(stream).ReadToEnd();
        var node = JsonNode.Parse(text)!;
        if (Keywords(node).FirstOrDefault(Unexplainable.Contains) is { } keyword)
            throw new InvalidOperationException($"schemas/{n}.schema.json uses '{keyword}', whose failures JsonContract cannot explain; state the rule with if/then");
        return (JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }), node);
    });
}
