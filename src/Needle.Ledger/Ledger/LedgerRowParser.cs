using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Needle.Core.Canon;

namespace Needle.Core.Ledger;

/// <summary>
/// Turns one ledger line into a header, a data row or the list of its field errors. Validation is by hand
/// (no JSON Schema library is served here) so every problem names its field.
/// </summary>
public static partial class LedgerRowParser
{
    /// <summary>Parses one line (without its line terminator).</summary>
    internal static LineOutcome ParseLine(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return Malformed(LedgerFields.WholeLine, "blank line; every line must be one JSON object (a header or a row)");
        if (JsonLineScanner.FindSyntaxError(line) is { } syntax)
            return Malformed(syntax.Field, syntax.Message);

        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return Malformed(LedgerFields.WholeLine, $"a line must be one JSON object, got {Describe(root)}");

        var props = root.EnumerateObject().ToList();
        if (props.Count == 0)
            return Malformed(LedgerFields.WholeLine, "empty object: neither a header (keys starting with '_') nor a row");
        if (props.All(p => p.Name.StartsWith('_')))
            return HeaderOf(root);

        var problems = new List<(string, string)>();
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in props)
        {
            if (p.Name.StartsWith('_')) continue; // annotations are allowed on rows and carry no meaning
            if (!fields.TryAdd(p.Name, p.Value))
                problems.Add((p.Name, "appears twice in the object; keep exactly one"));
            else if (!LedgerFields.IsKnown(p.Name))
                problems.Add((p.Name, $"unknown field{Suggest(p.Name)}; known fields: {string.Join(", ", LedgerFields.Required.Concat(LedgerFields.Optional))}"));
        }
        foreach (var f in LedgerFields.Required.Where(f => !fields.ContainsKey(f)))
            problems.Add((f, "missing; every data row needs it"));

        var row = BuildRow(fields, problems);
        return problems.Count == 0 ? new LineOutcome.Data(row!) : new LineOutcome.Malformed(problems);
    }

    /// <summary>True when the line is a header: a JSON object whose keys all start with '_'.</summary>
    public static bool IsHeader(string line) => ParseLine(line) is LineOutcome.Header;

    /// <summary>Parses one line as a data row; throws <see cref="FormatException"/> listing the field errors.</summary>
    public static LedgerRow ParseRow(string line) => ParseLine(line) switch
    {
        LineOutcome.Data d => d.Row,
        LineOutcome.Header => throw new FormatException("the line is a header (all keys start with '_'), not a data row"),
        LineOutcome.Malformed m => throw new FormatException(string.Join("; ", m.Problems.Select(p => $"{p.Field}: {p.Message}"))),
        _ => throw new InvalidOperationException("unreachable"),
    };

    // The same escaping as the writer, so a config survives emit → check unchanged (é stays é, not \u00e9).
    private static readonly JsonSerializerOptions CanonicalJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static LineOutcome.Malformed Malformed(string field, string message) => new([(field, message)]);

    // A header may seal the ledger to its pre-registration; a seal that is not a SHA-256 is a damaged header.
    private static LineOutcome HeaderOf(JsonElement root)
    {
        if (!root.TryGetProperty(LedgerFields.PreregistrationSeal, out var seal)) return new LineOutcome.Header(null);
        var s = seal.ValueKind == JsonValueKind.String ? seal.GetString()! : "";
        return s.Length == 64 && s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? new LineOutcome.Header(s)
            : Malformed(LedgerFields.PreregistrationSeal, $"must be the 64 lowercase hex digits of the pre-registration's SHA-256, got {Describe(seal)}");
    }

    private static LedgerRow? BuildRow(Dictionary<string, JsonElement> f, List<(string, string)> problems)
    {
        var runId = Text(f, LedgerFields.RunId, problems);
        var ts = Timestamp(f, problems);
        var agent = Text(f, LedgerFields.Agent, problems);
        var canon = Text(f, LedgerFields.Canon, problems);
        var seed = Integer(f, LedgerFields.Seed, problems);
        var bpb = Finite(f, LedgerFields.Bpb, problems);
        var step = Integer(f, LedgerFields.Step, problems);
        var sha = Hex(f, LedgerFields.Sha, [40, 64], problems);
        var corpus = Hex(f, LedgerFields.CorpusSha256, [64], problems);
        var split = Text(f, LedgerFields.Split, problems);
        var tag = Text(f, LedgerFields.Tag, problems);
        var gateAction = Text(f, LedgerFields.GateAction, problems);
        var reviewedBy = f.ContainsKey(LedgerFields.ReviewedBy) ? Text(f, LedgerFields.ReviewedBy, problems) : null;
        var reproduces = f.ContainsKey(LedgerFields.Reproduces) ? Text(f, LedgerFields.Reproduces, problems) : null;
        var config = Config(f, problems);
        var configSha = f.ContainsKey(LedgerFields.ConfigSha256) ? Hex(f, LedgerFields.ConfigSha256, [64], problems) : null;

        if (canon is not null && seed is not null)
        {
            if (!CanonName.TryParse(canon, out var name, out var error))
                problems.Add((LedgerFields.Canon, error!.Reason));
            else if (name!.Seed != seed)
                problems.Add((LedgerFields.Seed, $"{seed} does not match the seed {name.Seed} in the canon name '{canon}'"));
        }
        if (reproduces is not null && reproduces == runId)
            problems.Add((LedgerFields.Reproduces, "a run cannot reproduce itself"));
        if (problems.Count > 0) return null;

        return new LedgerRow
        {
            RunId = runId!, Ts = ts!.Value, Agent = agent!, Canon = canon!, Seed = seed!.Value, Bpb = bpb!.Value,
            Step = step!.Value, Sha = sha!, CorpusSha256 = corpus!, Split = split!, Tag = tag!, GateAction = gateAction!,
            ReviewedBy = reviewedBy, Reproduces = reproduces, ConfigJson = config, ConfigSha256 = configSha,
        };
    }

    private static string? Text(Dictionary<string, JsonElement> f, string name, List<(string, string)> problems)
    {
        if (!f.TryGetValue(name, out var e)) return null;
        if (e.ValueKind != JsonValueKind.String)
        {
            problems.Add((name, $"must be a string, got {Describe(e)}"));
            return null;
        }
        var s = e.GetString()!;
        if (string.IsNullOrWhiteSpace(s) || s.Trim() != s || s.Any(char.IsControl))
        {
            problems.Add((name, "must be non-empty, without leading/trailing spaces or control characters"));
            return null;
        }
        return s;
    }

    private static int? Integer(Dictionary<string, JsonElement> f, string name, List<(string, string)> problems)
    {
        if (!f.TryGetValue(name, out var e)) return null;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v))
        {
            problems.Add((name, $"must be an integer, got {Describe(e)}"));
            return null;
        }
        if (v < 0)
        {
            problems.Add((name, $"must not be negative, got {v}"));
            return null;
        }
        return v;
    }

    private static double? Finite(Dictionary<string, JsonElement> f, string name, List<(string, string)> problems)
    {
        if (!f.TryGetValue(name, out var e)) return null;
        if (e.ValueKind == JsonValueKind.String && LooksNonFinite(e.GetString()!))
        {
            problems.Add((name, $"\"{e.GetString()}\" is not a number: NaN and Infinity are never accepted in the ledger"));
            return null;
        }
        if (e.ValueKind != JsonValueKind.Number)
        {
            problems.Add((name, $"must be a JSON number, got {Describe(e)}"));
            return null;
        }
        if (!e.TryGetDouble(out var v) || !double.IsFinite(v))
        {
            problems.Add((name, $"{e.GetRawText()} overflows to Infinity: NaN and Infinity are never accepted in the ledger"));
            return null;
        }
        return v;
    }

    private static DateTimeOffset? Timestamp(Dictionary<string, JsonElement> f, List<(string, string)> problems)
    {
        var s = Text(f, LedgerFields.Ts, problems);
        if (s is null) return null;
        if (!ExplicitOffset().IsMatch(s) || !DateTimeOffset.TryParseExact(s,
                ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var ts))
        {
            problems.Add((LedgerFields.Ts, $"'{s}' must be an ISO-8601 time with a zone, e.g. 2026-11-21T12:00:00Z"));
            return null;
        }
        return ts;
    }

    private static string? Hex(Dictionary<string, JsonElement> f, string name, int[] lengths, List<(string, string)> problems)
    {
        var s = Text(f, name, problems);
        if (s is null) return null;
        if (!lengths.Contains(s.Length) || !s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            problems.Add((name, $"'{s}' must be {string.Join(" or ", lengths)} lowercase hex digits"));
            return null;
        }
        return s;
    }

    private static string? Config(Dictionary<string, JsonElement> f, List<(string, string)> problems)
    {
        if (!f.TryGetValue(LedgerFields.Config, out var e)) return null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add((LedgerFields.Config, $"must be a JSON object, got {Describe(e)}"));
            return null;
        }
        if (FirstNonFinite(e, LedgerFields.Config) is { } path)
        {
            problems.Add((LedgerFields.Config, $"{path} overflows to Infinity: NaN and Infinity are never accepted in the ledger"));
            return null;
        }
        return JsonSerializer.Serialize(e, CanonicalJson);
    }

    private static string? FirstNonFinite(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetDouble(out var v) && double.IsFinite(v) ? null : path,
        JsonValueKind.Object => e.EnumerateObject().Select(p => FirstNonFinite(p.Value, $"{path}.{p.Name}")).FirstOrDefault(x => x is not null),
        JsonValueKind.Array => e.EnumerateArray().Select((x, i) => FirstNonFinite(x, $"{path}[{i}]")).FirstOrDefault(x => x is not null),
        _ => null,
    };

    private static bool LooksNonFinite(string s) =>
        s.Trim().TrimStart('+', '-').ToLowerInvariant() is "nan" or "inf" or "infinity";

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{e.GetString()}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.Null => "null (omit an optional field instead of writing null)",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {e.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => e.ValueKind.ToString(),
    };

    private static string Suggest(string name)
    {
        var close = LedgerFields.Required.Concat(LedgerFields.Optional)
            .FirstOrDefault(k => name.TrimEnd('s') == k || name.Replace('-', '_') == k || string.Equals(name, k, StringComparison.OrdinalIgnoreCase));
        return close is null ? "" : $" (did you mean '{close}'?)";
    }

    [GeneratedRegex(@"(Z|[+-]\d\d:\d\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex ExplicitOffset();
}
