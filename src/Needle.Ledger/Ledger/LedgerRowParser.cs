using System.Globalization;
using System.Text.Json;
using Needle.Core.Canon;
using Needle.Core.Contracts;

namespace Needle.Core.Ledger;

/// <summary>
/// Turns one ledger line into a header, a data row or the list of its field errors. The shape of a line (which
/// fields, their types, patterns and ranges, what a header may carry) is the contract <c>schemas/ledger-row.schema.json</c>;
/// what a schema cannot state is checked here: a key written twice, numbers that overflow a double, a time that
/// matches the pattern but is not on the calendar, the canon name's grammar and its seed, a run reproducing itself.
/// </summary>
public static class LedgerRowParser
{
    private const string Contract = "ledger-row";

    /// <summary>Parses one line (without its line terminator).</summary>
    internal static LineOutcome ParseLine(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return Malformed(LedgerFields.WholeLine, "blank line; every line must be one JSON object (a header or a row)");
        if (JsonLineScanner.FindSyntaxError(line) is { } syntax)
            return Malformed(syntax.Field, syntax.Message);

        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        // A repeated key is invisible to the schema (the document keeps one of them); which one was meant is the
        // judgement a reader must not make.
        var problems = RepeatedKeys(root).Select(name => (name, "appears twice in the object; keep exactly one")).ToList();
        problems.AddRange(JsonContract.Check(Contract, root, line, LedgerFields.WholeLine)
            .Select(v => (v.Field.Length == 0 ? LedgerFields.WholeLine : v.Field, v.Problem)));
        if (problems.Count > 0) return new LineOutcome.Malformed(problems);

        if (root.EnumerateObject().All(p => p.Name.StartsWith('_')))
            return new LineOutcome.Header(root.TryGetProperty(LedgerFields.PreregistrationSeal, out var seal) ? seal.GetString() : null);
        var row = RowOf(root, problems);
        return problems.Count == 0 ? new LineOutcome.Data(row) : new LineOutcome.Malformed(problems);
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

    private static IEnumerable<string> RepeatedKeys(JsonElement root) => root.ValueKind == JsonValueKind.Object
        ? root.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)
        : [];

    // The row meets the contract, so every required field is there with its type; the rules left are the ones above.
    private static LedgerRow RowOf(JsonElement r, List<(string, string)> problems)
    {
        string Text(string name) => r.GetProperty(name).GetString()!;
        string? Optional(string name) => r.TryGetProperty(name, out var e) ? e.GetString() : null;
        // JSON Schema's integers are mathematical: 42.0 is the integer 42.
        int Integer(string name) => ContractNumbers.Int32(r.GetProperty(name));

        var bpb = r.GetProperty(LedgerFields.Bpb);
        if (!bpb.TryGetDouble(out var bpbValue) || !double.IsFinite(bpbValue))
            problems.Add((LedgerFields.Bpb, $"{bpb.GetRawText()} overflows to Infinity: NaN and Infinity are never accepted in the ledger"));

        var ts = Text(LedgerFields.Ts);
        if (!DateTimeOffset.TryParseExact(ts, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            problems.Add((LedgerFields.Ts, $"'{ts}' is not a time on the calendar; write an ISO-8601 time with a zone, e.g. 2026-11-21T12:00:00Z"));

        string? config = null;
        if (r.TryGetProperty(LedgerFields.Config, out var c))
        {
            if (FirstNonFinite(c, LedgerFields.Config) is { } path)
                problems.Add((LedgerFields.Config, $"{path} overflows to Infinity: NaN and Infinity are never accepted in the ledger"));
            else
                config = JsonSerializer.Serialize(c, CanonicalJson);
        }

        var runId = Text(LedgerFields.RunId);
        var canon = Text(LedgerFields.Canon);
        var seed = Integer(LedgerFields.Seed);
        if (!CanonName.TryParse(canon, out var name, out var error))
            problems.Add((LedgerFields.Canon, error!.Reason));
        else if (name!.Seed != seed)
            problems.Add((LedgerFields.Seed, $"{seed} does not match the seed {name.Seed} in the canon name '{canon}'"));
        var reproduces = Optional(LedgerFields.Reproduces);
        if (reproduces == runId)
            problems.Add((LedgerFields.Reproduces, "a run cannot reproduce itself"));

        return new LedgerRow
        {
            RunId = runId, Ts = time, Agent = Text(LedgerFields.Agent), Canon = canon, Seed = seed, Bpb = bpbValue,
            Step = Integer(LedgerFields.Step), Sha = Text(LedgerFields.Sha), CorpusSha256 = Text(LedgerFields.CorpusSha256),
            Split = Text(LedgerFields.Split), Tag = Text(LedgerFields.Tag), GateAction = Text(LedgerFields.GateAction),
            ReviewedBy = Optional(LedgerFields.ReviewedBy), Reproduces = reproduces, ConfigJson = config,
            ConfigSha256 = Optional(LedgerFields.ConfigSha256),
        };
    }

    private static string? FirstNonFinite(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetDouble(out var v) && double.IsFinite(v) ? null : path,
        JsonValueKind.Object => e.EnumerateObject().Select(p => FirstNonFinite(p.Value, $"{path}.{p.Name}")).FirstOrDefault(x => x is not null),
        JsonValueKind.Array => e.EnumerateArray().Select((x, i) => FirstNonFinite(x, $"{path}[{i}]")).FirstOrDefault(x => x is not null),
        _ => null,
    };
}
