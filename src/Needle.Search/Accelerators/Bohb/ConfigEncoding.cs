namespace Needle.Search.Accelerators.Bohb;

/// <summary>
/// The search space as BOHB's KDE sees it: every lever that varies across the space's configurations, in key order
/// (levers with a single value, such as <c>steps</c> or <c>threads</c>, carry no information and are left out).
/// </summary>
public sealed class ConfigEncoding
{
    public IReadOnlyList<ConfigDimension> Dimensions { get; }

    private ConfigEncoding(IReadOnlyList<ConfigDimension> dimensions) => Dimensions = dimensions;

    /// <summary>The levers of <paramref name="space"/> (a history's configurations, or a race space's list).</summary>
    public static ConfigEncoding From(IEnumerable<IReadOnlyDictionary<string, string>> space)
    {
        var configs = space.ToList();
        if (configs.Count == 0) throw new ArgumentException("a search space needs at least one configuration", nameof(space));
        var keys = configs.SelectMany(c => c.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var dims = keys
            .Select(k => (Key: k, Values: configs.Select(c => c.TryGetValue(k, out var v) ? v : null).ToList()))
            .Where(k => k.Values.Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(k => ConfigDimension.From(k.Key, k.Values))
            .ToList();
        return new ConfigEncoding(dims);
    }

    public int Count => Dimensions.Count;

    public double[] Encode(IReadOnlyDictionary<string, string> config) =>
        [.. Dimensions.Select(d => d.Encode(config.TryGetValue(d.Key, out var v) ? v : null))];

    /// <summary>The configuration for an encoded point: <paramref name="template"/>'s constant levers, the point's varying ones.</summary>
    public SortedDictionary<string, string> Decode(double[] point, IReadOnlyDictionary<string, string> template)
    {
        var config = new SortedDictionary<string, string>(template.ToDictionary(), StringComparer.Ordinal);
        for (var i = 0; i < Dimensions.Count; i++)
        {
            var d = Dimensions[i];
            if (d.Decode(point[i]) is { } text) config[d.Key] = text;
            else config.Remove(d.Key);
        }
        return config;
    }
}
