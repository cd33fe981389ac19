using System.Text.Json;
using Needle.Core.Contracts;

namespace Needle.Core.Gates;

/// <summary>
/// Every gate plus the row rules shared by all of them, loaded from assertions/gates.json so the numbers
/// live in one versioned file (rules that change are data with a history, not constants in code).
/// </summary>
/// <param name="PinnedCorpusSha256">SHA-256 of the corpus every counted row must have trained on.</param>
/// <param name="CanonicalSplit">The train/validation split a counted row must name (e.g. <c>val-last-100000</c>).</param>
/// <param name="PlausibilityMin">Below this BPB a row is implausible (the signature of a validation leak).</param>
/// <param name="PlausibilityMax">Above this BPB a row is implausible (a broken run, not a result).</param>
/// <param name="ArchitecturalFloor">A row below this BPB needs a reviewer's signature (<c>reviewed_by</c>).</param>
/// <param name="ReproductionTolerance">How far a reproduction's BPB may differ from the row it reproduces.</param>
/// <param name="Gates">The victory gates, each with its target, seeds and test.</param>
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
        // Fields, types and ranges are the contract schemas/gates.schema.json; the rules across fields stay below
        // (and GatesRules checks every value against the pre-registration's bounds).
        try
        {
            JsonContract.Require("gates", json, file);
        }
        catch (ContractException e)
        {
            throw new GateBookException(e.Message);
        }
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var lines = JsonPositions.Of(json);
        GateBookException Error(string pointer, string field, string what) => new($"{file}:{lines.LineOf(pointer)}: field '{field}' {what}");
        var gates = r.GetProperty("gates").EnumerateArray().Select(g => new GateDefinition(g.GetProperty("name").GetString()!,
            g.GetProperty("target_bpb").GetDouble(), g.GetProperty("seeds").EnumerateArray().Select(ContractNumbers.Int32).ToList(),
            ContractNumbers.Int32(g.GetProperty("min_distinct_seeds")), ContractNumbers.Int32(g.GetProperty("min_step")), g.GetProperty("mu0").GetDouble(),
            g.GetProperty("alpha").GetDouble())).ToList();
        for (var i = 0; i < gates.Count; i++)
        {
            if (gates[i].MinDistinctSeeds > gates[i].Seeds.Count)
                throw Error($"/gates/{i}/min_distinct_seeds", $"gates[{i}].min_distinct_seeds", $"is {gates[i].MinDistinctSeeds}, more than the gate's {gates[i].Seeds.Count} seeds");
            if (gates.FindIndex(g => g.Name == gates[i].Name) < i)
                throw Error($"/gates/{i}/name", $"gates[{i}].name", $"'{gates[i].Name}' names an earlier gate too; give each gate its own name");
        }
        var book = new GateBook(
            r.GetProperty("pinned_corpus_sha256").GetString()!, r.GetProperty("canonical_split").GetString()!,
            r.GetProperty("plausibility_band_min").GetDouble(), r.GetProperty("plausibility_band_max").GetDouble(),
            r.GetProperty("architectural_floor").GetDouble(), r.GetProperty("reproduction_tolerance").GetDouble(), gates,
            r.GetProperty("training_since").GetString()!, r.GetProperty("embargo_hours").GetDouble());
        if (book.PlausibilityMin >= book.PlausibilityMax)
            throw Error("/plausibility_band_min", "plausibility_band_min", "must be below plausibility_band_max");
        return book;
    }
}

/// <summary>The gates file (or the pre-registration it is checked against) is missing, unreadable or invalid.</summary>
public sealed class GateBookException(string message) : Exception(message);
