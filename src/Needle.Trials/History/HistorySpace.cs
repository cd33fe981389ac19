using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw Error(json, source, "name", "is required: a string");
            var master = root.TryGetProperty("masterSeed", out var m) && m.TryGetUInt64(out var ms) ? ms : throw Error(json, source, "masterSeed", "is required: a non-negative integer");
            var eta = root.TryGetProperty("eta", out var e) && e.TryGetInt32(out var et) && et >= 2 ? et : throw Error(json, source, "eta", "is required: an integer ≥ 2");
            var rungs = Longs(root, "ladder", json, source);
            RungLadder ladder;
            try { ladder = RungLadder.Explicit(rungs, eta); }
            catch (ArgumentException ex) { throw Error(json, source, "ladder", ex.Message); }
            var every = root.TryGetProperty("reportEvery", out var r) && r.TryGetInt32(out var re) && re > 0 ? re : throw Error(json, source, "reportEvery", "is required: a positive step count");
            if (rungs.Any(s => s % every != 0)) throw Error(json, source, "reportEvery", $"{every} must divide every rung");
            var seeds = Longs(root, "seeds", json, source).Select(s => (uint)s).ToArray();
            var extra = root.TryGetProperty("extraSeeds", out _) ? Longs(root, "extraSeeds", json, source).Select(s => (uint)s).ToArray() : [];
            if (seeds.Length == 0 || seeds.Concat(extra).Distinct().Count() != seeds.Length + extra.Length)
                throw Error(json, source, "seeds", "must be non-empty and distinct from extraSeeds");
            var fixedKeys = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("fixed", out var f))
                foreach (var p in f.EnumerateObject()) fixedKeys[p.Name] = Text(p.Value, json, source, p.Name);
            if (!root.TryGetProperty("configs", out var cs) || cs.ValueKind != JsonValueKind.Array || cs.GetArrayLength() == 0)
                throw Error(json, source, "configs", "is required: a non-empty array");
            var configs = new List<HistoryConfig>();
            foreach (var c in cs.EnumerateArray())
            {
                var id = c.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : throw Error(json, source, "configs", $"item {configs.Count} has no string \"id\"");
                var at = SpaceJson.LineOf(json, "\"" + id + "\"");
                var origin = c.TryGetProperty("origin", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : throw new SpaceFileException($"{source}:{at}: config {id} has no \"origin\"");
                var multi = c.TryGetProperty("multiSeed", out var ms2) && ms2.ValueKind == JsonValueKind.True;
                var keys = new SortedDictionary<string, string>(fixedKeys, StringComparer.Ordinal);
                foreach (var p in c.EnumerateObject().Where(p => !DescriptiveKeys.Contains(p.Name))) keys[p.Name] = Text(p.Value, json, source, p.Name);
                keys["steps"] = ladder.Steps[^1].ToString(CultureInfo.InvariantCulture);
                var config = new HistoryConfig(id, origin, multi, keys);
                try
                {
                    EngineTrialConfig.From(config.Spec(seeds[0]), ladder.Steps[^1]);
                }
                catch (ArgumentException ex)
                {
                    throw new SpaceFileException($"{source}:{at}: config {id}: {ex.Message}. Fix the space file.", ex);
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

    private static IReadOnlyList<long> Longs(JsonElement root, string field, string json, string source)
    {
        if (!root.TryGetProperty(field, out var a) || a.ValueKind != JsonValueKind.Array)
            throw Error(json, source, field, "is required: an array of integers");
        return [.. a.EnumerateArray().Select(x => x.TryGetInt64(out var v) && v >= 0 ? v : throw Error(json, source, field, $"'{x}' is not a non-negative integer"))];
    }

    private static string Text(JsonElement v, string json, string source, string field) =>
        SpaceJson.ConfigText(v) ?? throw Error(json, source, field, "must be a string, number or boolean");

    private static SpaceFileException Error(string json, string source, string field, string what) =>
        SpaceJson.Error(json, source, field, what);
}
