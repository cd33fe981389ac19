using System.Text.Json;
using Needle.Search.Accelerators.Bandit;
using Needle.Search.Accelerators.Bohb;
using Needle.Search.Accelerators.PhiGrid;
using Needle.Search.Accelerators.Proxies;
using Needle.Search.Accelerators.Surrogate;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Compound;

/// <summary>
/// How each accelerator enters a replay: as a change to the ASHA baseline's components (a sampler, a filter before
/// training, a bandit over families, a surrogate that prunes). Each vector's engineer owns the component; this is the
/// one list that composes them. A vector with no entry here cannot be replayed, and <see cref="WhyNotReplayable"/> says
/// why (V1 and V7 change what training computes; the history was trained without them, so replaying it cannot show them).
/// </summary>
public static class ReplayVectors
{
    /// <summary>
    /// What a component may read: the history and the checkout — the proxy cache (V2's filter, V4's features) and the
    /// cross-fitted surrogate (V4), each loaded or trained once, on first use, and shared by every repetition.
    /// </summary>
    public sealed class Context(HistoryTable table, string repositoryRoot) : IDisposable
    {
        private ProxyCache? _proxies;
        private CrossFittedSurrogate? _surrogate;

        public HistoryTable Table { get; } = table ?? throw new ArgumentNullException(nameof(table));
        public string RepositoryRoot { get; } = repositoryRoot ?? throw new ArgumentNullException(nameof(repositoryRoot));

        public ProxyCache Proxies => _proxies ??= ProxyCache.Read(Path.Combine(RepositoryRoot, ProxyCache.HistoryCachePath));

        public CrossFittedSurrogate Surrogate => _surrogate ??= CrossFittedSurrogate.Train(Table, Proxies);

        /// <summary>The proxy V2's suite found best (assertions/evidence/V2.json, details.best_proxy): the one its filter uses.</summary>
        public string BestProxy
        {
            get
            {
                var path = Path.Combine(RepositoryRoot, "assertions", "evidence", "V2.json");
                if (!File.Exists(path)) throw new FileNotFoundException($"{path}: V2 has no evidence, so no best proxy; run `needle falsify --only v2`", path);
                using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
                return doc.RootElement.TryGetProperty("details", out var d) && d.TryGetProperty("best_proxy", out var b) && b.GetString() is { Length: > 0 } name
                    ? name
                    : throw new InvalidDataException($"{path}: field 'details.best_proxy' is missing; re-run `needle falsify --only v2` to write it");
            }
        }

        public void Dispose() => _surrogate?.Dispose();
    }

    private static readonly Dictionary<string, Func<SearchStrategy, Context, SearchStrategy>> Components = new(StringComparer.Ordinal)
    {
        // V2: drop, before training, the configurations whose best proxy is in the space's bottom half (cached proxies).
        ["V2"] = (s, c) => s with { Filter = new ProxyFilter(c.Proxies, c.BestProxy) },
        // V3: BOHB's TPE sampler chooses among the untried configurations.
        ["V3"] = (s, _) => s with { Sampler = new BohbSampler() },
        // V4: after rung 2, stop promoted trials predicted in the bottom 60% (cross-fitted: never predicted by a model trained on its fold).
        ["V4"] = (s, c) => s with { Surrogate = new SurrogateCut(c.Surrogate, c.Surrogate.Rung2, c.Surrogate.Threshold) },
        // V5: only configurations on the pre-registered φ-grid.
        ["V5"] = (s, _) => s with { Filter = new PhiGridFilter() },
        // V6: each bracket of η new trials picks its family by UCB1.
        ["V6"] = (s, _) => s with { Bandit = new Ucb1FamilyBandit() },
    };

    private static readonly Dictionary<string, string> NotReplayable = new(StringComparer.Ordinal)
    {
        ["V1"] = "muP changes the parametrization and the history was trained under SP; its proxy-width transfer is used live (race), not replayed",
        ["V7"] = "the curriculum changes training itself and the history was trained without it; it is measured on real runs (its suite), not replayed",
    };

    /// <summary>Vectors a replay can compose.</summary>
    public static IReadOnlyList<string> Replayable => [.. Components.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Null when <paramref name="vector"/> has a replay component; else why not.</summary>
    public static string? WhyNotReplayable(string vector) =>
        Components.ContainsKey(vector) ? null
        : NotReplayable.TryGetValue(vector, out var why) ? why
        : "no replay component is built for it yet";

    /// <summary>ASHA with <paramref name="vectors"/>' components, in vector order (each replaces the default it plugs into).</summary>
    public static SearchStrategy Compose(string name, IEnumerable<string> vectors, Context context)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var strategy = SearchStrategy.Asha with { Name = name };
        var list = vectors.Order(StringComparer.Ordinal).ToList();
        if (list.Contains("V2") && list.Contains("V5"))
            throw new ArgumentException("V2 and V5 both plug in as the pre-training filter; composing both is not built");
        foreach (var v in list)
            strategy = Components.TryGetValue(v, out var apply)
                ? apply(strategy, context) with { Name = name }
                : throw new ArgumentException($"{v} cannot be replayed: {WhyNotReplayable(v)}");
        return strategy;
    }
}
