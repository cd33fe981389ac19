using System.Text.Json;

namespace Needle.Core.Gates;

/// <summary>
/// Every gate plus the row rules shared by all of them, loaded from assertions/gates.json so the numbers
/// live in one versioned file (the upstream changed its seed and naming rules at least five times).
/// </summary>
/// <param name="TrainingSince">The commit that introduced the training engine: a row's sha must descend from it
/// (a number cannot come from a commit that holds no trainer).</param>
/// <param name="EmbargoHours">How long after its row a result stays embargoed: it counts toward a victory, or
/// may be logged as promoted, only once the embargo has passed and it has been reproduced.</param>
public sealed record GateBook(
    string PinnedCorpusSha256, string CanonicalSplit, double PlausibilityMin, double PlausibilityMax,
    double ArchitecturalFloor, double ReproductionTolerance, IReadOnlyList<GateDefinition> Gates,
    string TrainingSince, double EmbargoHours)
{
    public TimeSpan Embargo => TimeSpan.FromHours(EmbargoHours);

    /// <summary>The file's place in a checkout.</summary>
    public static readonly string RelativePath = Path.Combine("assertions", "gates.json");

    public GateDefinition Find(string name) =>
        Gates.FirstOrDefault(g => g.Name == name)
        ?? throw new GateBookException($"unknown gate '{name}'; known gates: {string.Join(", ", Gates.Select(g => g.Name))}");

    /// <summary>Loads and validates a gates file; errors name the file and the field.</summary>
    public static GateBook Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GateBookException($"{path}: cannot read the gates file: {e.Message}");
        }
        return Parse(text, path);
    }

    public static GateBook Parse(string json, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new GateBookException($"{file}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var r = new GateJson(doc.RootElement, file, "");
            var gates = r.Array("gates").Select((g, i) => ParseGate(new GateJson(g, file, $"gates[{i}].")))
                .ToList();
            if (gates.Count == 0) throw new GateBookException($"{file}: gates: at least one gate is required");
            var duplicate = gates.GroupBy(g => g.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new GateBookException($"{file}: gates: name '{duplicate.Key}' appears twice");
            var book = new GateBook(
                r.String("pinned_corpus_sha256"), r.String("canonical_split"),
                r.Number("plausibility_band_min"), r.Number("plausibility_band_max"),
                r.Number("architectural_floor"), r.Number("reproduction_tolerance"), gates,
                r.Commit("training_since"), r.Number("embargo_hours"));
            if (book.PlausibilityMin >= book.PlausibilityMax)
                throw new GateBookException($"{file}: plausibility_band_min must be below plausibility_band_max");
            if (book.ReproductionTolerance < 0)
                throw new GateBookException($"{file}: reproduction_tolerance must not be negative");
            if (book.EmbargoHours < 0)
                throw new GateBookException($"{file}: embargo_hours must not be negative");
            return book;
        }
    }

    private static GateDefinition ParseGate(GateJson g)
    {
        var seeds = g.Array("seeds").Select((s, i) => s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var v)
            ? v : throw g.Error($"seeds[{i}]", "must be an integer")).ToList();
        var gate = new GateDefinition(g.String("name"), g.Number("target_bpb"), seeds, g.Integer("min_distinct_seeds"),
            g.Integer("min_step"), g.Number("mu0"), g.Number("alpha"));
        if (seeds.Distinct().Count() != seeds.Count) throw g.Error("seeds", "must be distinct");
        if (gate.MinDistinctSeeds < 2 || gate.MinDistinctSeeds > seeds.Count)
            throw g.Error("min_distinct_seeds", $"must be between 2 (a t-test needs two values) and the number of seeds ({seeds.Count})");
        if (gate.Alpha is <= 0 or >= 1) throw g.Error("alpha", "must be in (0, 1)");
        return gate;
    }
}

/// <summary>The gates file (or the pre-registration it is checked against) is missing, unreadable or invalid.</summary>
public sealed class GateBookException(string message) : Exception(message);
