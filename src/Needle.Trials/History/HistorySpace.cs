using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Needle.Core.Contracts;
using Needle.Core.Rungs;
using Needle.Search.Running;
using Needle.Search.Space;
using Needle.Search.Study;

namespace Needle.Search.History;

/// <summary>
/// The declared search space of the history corpus (<c>spaces/history.json</c>): every configuration written out,
/// each with a stable id, its family, its origin (how it was chosen: <c>lr-grid</c>, <c>phi-grid</c>, <c>random</c>,
/// <c>format</c>) and whether it also runs on the extra seeds. Listing the configurations (rather than generating them
/// at build time) fixes them before any curve exists: the pre-registration of every vector that reads the history.
/// <code>
/// { "name": "history-v1", "masterSeed": 20261201, "ladder": [100, 300, 900, 2700], "eta": 3, "reportEvery": 50,
///   "seeds": [42], "extraSeeds": [43, 44], "fixed": { "threads": 1 },
///   "configs": [ { "id": "H0001", "origin": "lr-grid", "multiSeed": true, "model": "attn", "format": "FP32", "lr": 0.003, … } ] }
/// </code>
/// </summary>
public sealed record HistorySpace(
    string Name, ulong MasterSeed, RungLadder Ladder, int ReportEvery, IReadOnlyList<uint> Seeds, IReadOnlyList<uint> ExtraSeeds,
    IReadOnlyList<HistoryConfig> Configs, string Json, string Sha256)
{
    /// <summary>Keys of a config entry that describe it rather than configure the engine.</summary>
    public static readonly IReadOnlyList<string> DescriptiveKeys = ["id", "origin", "multiSeed"];

    /// <summary>The last rung: every trial trains to it (the history prunes nothing).</summary>
    public long Horizon => Ladder.Steps[^1];

    public static HistorySpace Load(string path)
    {
        return Parse(SpaceJson.ReadFile(path, "Pass --space spaces/history.json."), path);
    }

    public static HistorySpace Parse(string json, string source)
    {
        using (var doc = SpaceJson.Parse(json, source))
        {
            var root = doc.RootElement;
            // Structure (required fields, types, ranges, unknown fields) is the contract in schemas/history-space.schema.json;
            // what a schema cannot say (the ladder's order, reportEvery dividing it, seeds apart from extraSeeds, unique
            // config ids, configs the engine accepts) is checked below.
            if (JsonContract.Check("history-space", root, json, source) is [var first, ..])
                throw new SpaceFileException(first + ". Fix the space file and run again.");
            var name = root.GetProperty("name").GetString()!;
            var master = (ulong)root.GetProperty("masterSeed").GetDecimal();
            var eta = (int)root.GetProperty("eta").GetDecimal();
            var rungs = Whole(root.GetProperty("ladder"));
            RungLadder ladder;
            try { ladder = RungLadder.Explicit(rungs, eta); }
            catch (ArgumentException ex) { throw Error(json, source, "ladder", ex.Message); }
            var every = (int)root.GetProperty("reportEvery").GetDecimal();
            if (rungs.Any(s => s % every != 0)) throw Error(json, source, "reportEvery", $"{every} must divide every rung");
            var seeds = Whole(root.GetProperty("seeds")).Select(s => (uint)s).ToArray();
            var extra = root.TryGetProperty("extraSeeds", out var x) ? Whole(x).Select(s => (uint)s).ToArray() : [];
            if (seeds.Intersect(extra).ToList() is [var shared, ..])
                throw Error(json, source, "extraSeeds", $"repeats seed {shared} of seeds; an extra seed must be one the configs do not already train with");
            var fixedKeys = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("fixed", out var f))
                foreach (var p in f.EnumerateObject()) fixedKeys[p.Name] = SpaceJson.ConfigText(p.Value)!;
            var configs = new List<HistoryConfig>();
            foreach (var c in root.GetProperty("configs").EnumerateArray())
            {
                var id = c.GetProperty("id").GetString()!;
                var multi = c.TryGetProperty("multiSeed", out var ms) && ms.GetBoolean();
                var keys = new SortedDictionary<string, string>(fixedKeys, StringComparer.Ordinal);
                foreach (var p in c.EnumerateObject().Where(p => !DescriptiveKeys.Contains(p.Name))) keys[p.Name] = SpaceJson.ConfigText(p.Value)!;
                keys["steps"] = ladder.Steps[^1].ToString(CultureInfo.InvariantCulture);
                var config = new HistoryConfig(id, c.GetProperty("origin").GetString()!, multi, keys);
                try
                {
                    EngineTrialConfig.From(config.Spec(seeds[0]), ladder.Steps[^1]);
                }
                catch (ArgumentException ex)
                {
                    throw new SpaceFileException($"{source}:{SpaceJson.LineOf(json, "\"" + id + "\"")}: config {id}: {ex.Message}. Fix the space file.", ex);
                }
                configs.Add(config);
            }
            var dup = configs.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw Error(json, source, dup.Key, "is a duplicate config id");
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
            return new HistorySpace(name, master, ladder, every, seeds, extra, configs, json, sha);
        }
    }

    /// <summary>Every (config, seed) to train, in build order: all configs on the first seed, then the extra seeds.</summary>
    public IEnumerable<(HistoryConfig Config, TrialSpec Spec)> Trials()
    {
        foreach (var seed in Seeds)
            foreach (var c in Configs) yield return (c, c.Spec(seed));
        foreach (var seed in ExtraSeeds)
            foreach (var c in Configs.Where(c => c.MultiSeed)) yield return (c, c.Spec(seed));
    }

    // JSON Schema's integers are mathematical (100.0 is 100); the contract has bounded them already.
    private static long[] Whole(JsonElement array) => [.. array.EnumerateArray().Select(v => (long)v.GetDecimal())];

    private static SpaceFileException Error(string json, string source, string field, string what) =>
        SpaceJson.Error(json, source, field, what);
}
