using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bandit;

/// <summary>
/// V6: each bracket picks its family by UCB1 (Auer et al. 2002): a family never rewarded first (in name order), then
/// argmax mean reward + √(2 ln N / n_f) over the families with configurations left, where n_f counts the family's
/// rewarded trials and N all of them; rewards are <see cref="FamilyRewards"/> of what the search has observed. Brackets as
/// <see cref="BracketBandit"/> defines them. Deterministic (ties by name); the random generator is not used.
/// </summary>
public sealed class Ucb1FamilyBandit : BracketBandit
{
    protected override string Choose(IStrategyView view, IReadOnlyList<string> available)
    {
        var rungs = Table.Rungs;
        var observed = Table.Started(view)
            .Select(r => (r.Family, rungs.Count > 0 ? ReplayTableView.ObservedAt(view, r, rungs[0]) : null, rungs.Count > 1 ? ReplayTableView.ObservedAt(view, r, rungs[1]) : null))
            .ToList();
        var rewards = FamilyRewards.Score(observed);
        var total = rewards.Count;
        string? best = null;
        var bestIndex = double.NegativeInfinity;
        foreach (var f in available.Order(StringComparer.Ordinal))
        {
            var mine = rewards.Where(r => r.Family == f).Select(r => r.Reward).ToList();
            if (mine.Count == 0) return f;
            var index = mine.Average() + Math.Sqrt(2 * Math.Log(total) / mine.Count);
            if (index > bestIndex) (best, bestIndex) = (f, index);
        }
        return best!;
    }
}
