using System.Globalization;
using System.Text.Json;
using Needle.Core.Seeds;

namespace Needle.Search.Space;

/// <summary>
/// A race's search space (<c>needle race --space SPACE.json</c>): one model family and format, a list of configs,
/// and the seeds each config runs with. Every config gets its own experiment id (E-number, increasing from
/// <see cref="ExperimentIdStart"/>), and each (config, seed) is one trial named
/// <c>IGLA-&lt;MODEL&gt;-&lt;FORMAT&gt;[-&lt;TAG&gt;]-E&lt;NNNN&gt;-seed&lt;N&gt;</c>.
/// <code>
/// { "name": "demo", "model": "TRAIN_V2", "format": "FP32", "tag": "WSD", "experimentIdStart": 101,
///   "seeds": [42, 43] | "phiSeeds": 3, "minimumStep": 0, "hyperband": false,
///   "ladder": "500,2000,8000:4", "reportEvery": 100,
///   "configs": [ { "lr": 0.004, "hidden": 256 }, … ] }
/// </code>
/// <c>ladder</c> and <c>reportEvery</c> are optional: the race's defaults for this space when the command line
/// does not give <c>--ladder</c> / <c>--report-every</c> (a space sized for a short first run carries a short ladder).
/// </summary>
public sealed record RaceSpace(
    string Name, string Model, string Format, string? Tag, int ExperimentIdStart, IReadOnlyList<uint> Seeds,
    long MinimumStep, bool Hyperband, IReadOnlyList<IReadOnlyDictionary<string, string>> Configs,
    Needle.Core.Rungs.RungLadder? Ladder = null, int? ReportEvery = null)
{
    /// <summary>Reads and validates <paramref name="path"/>; errors name the file, line and field.</summary>
    public static RaceSpace Load(string path)
    {
        return Parse(SpaceJson.ReadFile(path, "Pass --space with a JSON search-space file (see docs/search.md)."), path);
    }

    /// <summary>Parses space JSON; <paramref name="source"/> names it in errors.</summary>
    public static RaceSpace Parse(string json, string source)
    {
        using (var doc = SpaceJson.Parse(json, source))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Error(json, source, null, "the top level must be an object");
            var name = RequiredString(root, "name", json, source);
            var model = RequiredString(root, "model", json, source);
            var format = RequiredString(root, "format", json, source);
            var tag = root.TryGetProperty("tag", out var t) ? t.ValueKind == JsonValueKind.String ? t.GetString() : throw Error(json, source, "tag", "must be a string") : null;
            if (!root.TryGetProperty("experimentIdStart", out var e) || !e.TryGetInt32(out var eStart) || eStart < 1 || eStart > 9999)
                throw Error(json, source, "experimentIdStart", "is required: an integer in 1..9999 (the first config's E-number)");

            var seeds = new List<uint>();
            if (root.TryGetProperty("seeds", out var s))
            {
                if (s.ValueKind != JsonValueKind.Array || s.GetArrayLength() == 0) throw Error(json, source, "seeds", "must be a non-empty array of seeds");
                foreach (var item in s.EnumerateArray())
                {
                    if (!item.TryGetUInt32(out var seed)) throw Error(json, source, "seeds", $"'{item}' is not a seed (an integer in 0..4294967295)");
                    seeds.Add(seed);
                }
            }
            else if (root.TryGetProperty("phiSeeds", out var ps))
            {
                if (!ps.TryGetInt32(out var count) || count < 1 || count > 64) throw Error(json, source, "phiSeeds", "must be an integer in 1..64");
                seeds.AddRange(Enumerable.Range(1, count).Select(PhiAnchoredSeeds.Seed));
            }
            else throw Error(json, source, null, "give either \"seeds\": [..] or \"phiSeeds\": N");
            if (seeds.Distinct().Count() != seeds.Count) throw Error(json, source, "seeds", "contains a duplicate seed");

            long minimumStep = 0;
            if (root.TryGetProperty("minimumStep", out var m) && (!m.TryGetInt64(out minimumStep) || minimumStep < 0))
                throw Error(json, source, "minimumStep", "must be a non-negative integer");
            var hyperband = root.TryGetProperty("hyperband", out var h) && (h.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? h.GetBoolean()
                : throw Error(json, source, "hyperband", "must be true or false"));

            if (!root.TryGetProperty("configs", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() == 0)
                throw Error(json, source, "configs", "is required: a non-empty array of objects");
            var configs = new List<IReadOnlyDictionary<string, string>>();
            foreach (var cfg in c.EnumerateArray())
            {
                if (cfg.ValueKind != JsonValueKind.Object) throw Error(json, source, "configs", $"item {configs.Count} must be an object");
                var dict = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in cfg.EnumerateObject())
                {
                    dict[p.Name] = SpaceJson.ConfigText(p.Value)
                        ?? throw Error(json, source, p.Name, $"config {configs.Count}: values must be strings, numbers or booleans");
                }
                configs.Add(dict);
            }
            if (eStart + configs.Count - 1 > 9999) throw Error(json, source, "experimentIdStart", $"{eStart} + {configs.Count} configs passes E9999");

            Needle.Core.Rungs.RungLadder? ladder = null;
            if (root.TryGetProperty("ladder", out var l))
            {
                try
                {
                    ladder = l.ValueKind == JsonValueKind.String ? Needle.Core.Rungs.RungLadder.Parse(l.GetString()!) : throw new FormatException("it must be a string");
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    throw Error(json, source, "ladder", $"is not a ladder ({ex.Message}); write it as \"STEPS:ETA\", e.g. \"500,2000,8000:4\"");
                }
            }
            int? reportEvery = null;
            if (root.TryGetProperty("reportEvery", out var re))
            {
                if (!re.TryGetInt32(out var every) || every < 1) throw Error(json, source, "reportEvery", "must be a positive integer (steps between reports)");
                if (ladder is not null && ladder.Steps.Any(r => r % every != 0))
                    throw Error(json, source, "reportEvery", $"{every} does not divide every rung of the ladder {ladder}; pick one that does");
                reportEvery = every;
            }
            return new RaceSpace(name, model, format, tag, eStart, seeds, minimumStep, hyperband, configs, ladder, reportEvery);
        }
    }

    /// <summary>The canon name of config <paramref name="configIndex"/> with <paramref name="seed"/>.</summary>
    public string CanonName(int configIndex, uint seed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"IGLA-{Model}-{Format}{(string.IsNullOrEmpty(Tag) ? "" : "-" + Tag)}-E{ExperimentIdStart + configIndex:D4}-seed{seed}");

    private static string RequiredString(JsonElement root, string field, string json, string source) =>
        root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!
            : throw Error(json, source, field, "is required: a non-empty string");

    private static SpaceFileException Error(string json, string source, string? field, string what) =>
        SpaceJson.Error(json, source, field, what);
}
