using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bandit;

/// <summary>
/// A planted bandit for V6's falsification suite: it cheats by reading the table's family means and picks the best
/// available family (<c>best: true</c>, a control the regret check must accept) or the worst (a witness it must reject).
/// Never a search strategy.
/// </summary>
public sealed class TruthBandit(bool best) : BracketBandit
{
    private IReadOnlyDictionary<string, double>? _means;

    protected override string Choose(IStrategyView view, IReadOnlyList<string> available)
    {
        _means ??= FamilyRewards.TableMeans(Table.All, Table.Rungs);
        var ranked = available.OrderBy(f => _means.GetValueOrDefault(f)).ThenBy(f => f, StringComparer.Ordinal);
        return best ? ranked.Last() : ranked.First();
    }
}
