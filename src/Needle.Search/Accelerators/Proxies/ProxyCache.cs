using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Needle.Search.Accelerators.Proxies;

/// <summary>The first line of a proxy cache: what the rows were computed from.</summary>
public sealed record ProxyCacheHeader
{
    public const string CurrentSchema = "needle-proxies/1";

    [JsonPropertyName("schema")] public string Schema { get; init; } = CurrentSchema;
    [JsonPropertyName("space")] public required string Space { get; init; }
    [JsonPropertyName("space_sha256")] public required string SpaceSha256 { get; init; }
    [JsonPropertyName("commit")] public required string Commit { get; init; }

    /// <summary>The seed that chose the fixed real batch (the space's master seed).</summary>
    [JsonPropertyName("batch_seed")] public required ulong BatchSeed { get; init; }
    [JsonPropertyName("batch_sequences")] public required int BatchSequences { get; init; }
    [JsonPropertyName("command")] public required string Command { get; init; }
}

/// <summary>One configuration's proxies at initialisation. <see cref="Scores"/>: name → value; a null value is −∞ (NASWOT's singular kernel).</summary>
public sealed record ProxyRow
{
    [JsonPropertyName("config_id")] public required string ConfigId { get; init; }
    [JsonPropertyName("family")] public required string Family { get; init; }
    [JsonPropertyName("seed")] public required uint Seed { get; init; }
    [JsonPropertyName("scores")] public required SortedDictionary<string, double?> Scores { get; init; }

    /// <summary>The score, −∞ for a recorded null; throws naming the proxy when the row lacks it.</summary>
    public double Score(string proxy) =>
        Scores.TryGetValue(proxy, out var v) ? v ?? double.NegativeInfinity
        : throw new KeyNotFoundException($"config {ConfigId}: no '{proxy}' score (it has {string.Join(", ", Scores.Keys)})");
}

/// <summary>
/// The committed cache of every configuration's proxies (<c>data/proxies/history-proxies.jsonl</c>: a header line,
/// then one row per configuration), written by <c>needle proxies --space FILE --out FILE</c> and read by the V2 gate,
/// the pre-training filter and the V4 surrogate's features — which therefore never need the model code.
/// </summary>
public sealed record ProxyCache(ProxyCacheHeader Header, IReadOnlyList<ProxyRow> Rows)
{
    public const string HistoryCachePath = "data/proxies/history-proxies.jsonl";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public ProxyRow? Find(string configId) => Rows.FirstOrDefault(r => r.ConfigId == configId);

    public void Write(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
        {
            w.WriteLine(JsonSerializer.Serialize(Header, Options));
            foreach (var row in Rows) w.WriteLine(JsonSerializer.Serialize(row, Options));
        }
        File.Move(tmp, path, overwrite: true); // a reader never sees half a cache
    }

    public static ProxyCache Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no proxy cache; compute it with `needle proxies --space spaces/history.json --out {HistoryCachePath}`", path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path}:1: the proxy cache is empty; recompute it with `needle proxies`");
        var header = Parse<ProxyCacheHeader>(lines[0], path, 1, "header");
        if (header.Schema != ProxyCacheHeader.CurrentSchema)
            throw new InvalidDataException($"{path}:1: field 'schema' is '{header.Schema}', expected {ProxyCacheHeader.CurrentSchema}; recompute the cache with this build's `needle proxies`");
        var rows = new List<ProxyRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var row = Parse<ProxyRow>(lines[i], path, i + 1, "row");
            if (string.IsNullOrEmpty(row.ConfigId)) throw new InvalidDataException($"{path}:{i + 1}: field 'config_id' is empty");
            if (!seen.Add(row.ConfigId)) throw new InvalidDataException($"{path}:{i + 1}: field 'config_id' repeats {row.ConfigId}; each configuration has one row");
            foreach (var (name, v) in row.Scores)
                if (v is { } x && !double.IsFinite(x)) throw new InvalidDataException($"{path}:{i + 1}: field 'scores.{name}' is not finite");
            rows.Add(row);
        }
        return new ProxyCache(header, rows);
    }

    private static T Parse<T>(string line, string path, int number, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, Options) ?? throw new InvalidDataException($"{path}:{number}: the {what} is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}:{number}: the {what} is not a valid proxy-cache line ({e.Message}); recompute the cache with `needle proxies`"), e);
        }
    }
}
