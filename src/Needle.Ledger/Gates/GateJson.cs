using System.Text.Json;

namespace Needle.Core.Gates;

/// <summary>Typed access to one JSON object of the gates file or the pre-registration, with errors that name file and field.</summary>
internal readonly record struct GateJson(JsonElement Element, string File, string Prefix)
{
    public GateBookException Error(string field, string what) => new($"{File}: {Prefix}{field}: {what}");

    public bool Has(string field) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(field, out _);

    public GateJson Object(string field) => Get(field) is { ValueKind: JsonValueKind.Object } v
        ? new GateJson(v, File, $"{Prefix}{field}.") : throw Error(field, "must be a JSON object");

    private JsonElement Get(string field)
    {
        if (Element.ValueKind != JsonValueKind.Object) throw Error("", "must be a JSON object");
        return Element.TryGetProperty(field, out var v) ? v : throw Error(field, "missing");
    }

    public string String(string field) => Get(field) is { ValueKind: JsonValueKind.String } v && v.GetString() is { Length: > 0 } s
        ? s : throw Error(field, "must be a non-empty string");

    public double Number(string field) => Get(field) is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out var d) && double.IsFinite(d)
        ? d : throw Error(field, "must be a finite number");

    public int Integer(string field) => Get(field) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var i)
        ? i : throw Error(field, "must be an integer");

    public IReadOnlyList<JsonElement> Array(string field) => Get(field) is { ValueKind: JsonValueKind.Array } v
        ? v.EnumerateArray().ToList() : throw Error(field, "must be an array");

    /// <summary>A full git commit id (40 lowercase hex digits).</summary>
    public string Commit(string field)
    {
        var s = String(field);
        return s.Length == 40 && s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? s : throw Error(field, $"'{s}' must be a full commit id (40 lowercase hex digits)");
    }

    public IEnumerable<string> Names() => Element.EnumerateObject().Select(p => p.Name);
}
