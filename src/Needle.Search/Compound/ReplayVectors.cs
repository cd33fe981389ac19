using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Compound;

/// <summary>
/// How each accelerator enters a replay: as a change to the ASHA baseline's components (a sampler, a filter before
/// training, a bandit over families, a surrogate). Each vector's engineer owns the component; this is the one list
/// that composes them. A vector with no entry here cannot be replayed, and <see cref="WhyNotReplayable"/> says why
/// (V1 and V7 change what training computes; the history was trained without them, so replaying it cannot show them).
/// </summary>
public static class ReplayVectors
{
    /// <summary>The context a component may read: the history (for caches keyed by configuration) and the checkout.</summary>
    public sealed record Context(HistoryTable Table, string RepositoryRoot);

    private static readonly Dictionary<string, Func<SearchStrategy, Context, SearchStrategy>> Components = new(StringComparer.Ordinal)
    {
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
        var strategy = SearchStrategy.Asha with { Name = name };
        foreach (var v in vectors.Order(StringComparer.Ordinal))
            strategy = Components.TryGetValue(v, out var apply)
                ? apply(strategy, context) with { Name = name }
                : throw new ArgumentException($"{v} cannot be replayed: {WhyNotReplayable(v)}");
        return strategy;
    }
}
