using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bohb;

/// <summary>
/// A planted sampler for V3's falsification suite: it cheats by reading each candidate's true final BPB, and picks the
/// best (<c>best: true</c>, a control any honest regret check must accept) or the worst (a witness it must reject).
/// Never a search strategy.
/// </summary>
public sealed class TruthSampler(bool best) : IConfigSampler
{
    public HistoryRecord Next(IReadOnlyList<HistoryRecord> candidates, IStrategyView view, Random random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var ranked = candidates.OrderBy(Final).ThenBy(c => c.ConfigId, StringComparer.Ordinal);
        return best ? ranked.First() : ranked.Last();
    }

    private static double Final(HistoryRecord r) => r.RungBpb.Count == 0 || r.State != "Completed" ? double.PositiveInfinity : r.RungBpb.MaxBy(k => long.Parse(k.Key, System.Globalization.CultureInfo.InvariantCulture)).Value;
}
