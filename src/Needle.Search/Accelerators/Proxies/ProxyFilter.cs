using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Proxies;

/// <summary>
/// V2 in the search: before a configuration trains, drop it when its cached proxy is in the bottom
/// <see cref="DropShare"/> of the space (default half). The threshold is the score at rank ⌊share·n⌋ of the proxy over every
/// configuration of the cache, so the decision is a pure function of the configuration (ties at the threshold are
/// admitted). Reads only the cache (<see cref="ProxyCache"/>): the search never runs model code for it.
/// </summary>
public sealed class ProxyFilter : IPreTrainingFilter
{
    public const double DefaultDropShare = 0.5;

    private readonly ProxyCache _cache;

    public ProxyFilter(ProxyCache cache, string proxy, double dropShare = DefaultDropShare)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        if (dropShare is < 0 or >= 1 || !double.IsFinite(dropShare))
            throw new ArgumentOutOfRangeException(nameof(dropShare), dropShare, "the share dropped is in [0, 1)");
        if (cache.Rows.Count == 0) throw new ArgumentException("the proxy cache has no rows", nameof(cache));
        Proxy = proxy;
        DropShare = dropShare;
        var sorted = cache.Rows.Select(r => r.Score(proxy)).Order().ToList();
        // The score at rank ⌊share·n⌋: the first ⌊share·n⌋ (lowest) are dropped, ties with the threshold kept.
        Threshold = dropShare == 0 ? double.NegativeInfinity : sorted[(int)Math.Floor(dropShare * sorted.Count)];
    }

    public string Proxy { get; }
    public double DropShare { get; }

    /// <summary>The lowest admitted score.</summary>
    public double Threshold { get; }

    public bool Admits(string configId) =>
        (_cache.Find(configId) ?? throw new InvalidDataException(
            $"proxy cache: no row for configuration {configId}; recompute it with `needle proxies --space <the space> --out <cache>`")).Score(Proxy) >= Threshold;

    public bool Admit(HistoryRecord candidate, IStrategyView view)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Admits(candidate.ConfigId);
    }
}
