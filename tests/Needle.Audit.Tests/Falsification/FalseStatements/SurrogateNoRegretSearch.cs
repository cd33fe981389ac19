using Needle.Audit.Admitted;
using Needle.Core.Invariants;

namespace Needle.Audit.Tests.Falsification.FalseStatements;

/// <summary>
/// Mirrors <c>surrogate_pruning_no_regret</c>: candidates ≠ [], kept ≠ [], kept ⊆ candidates, every kept k
/// predicted no worse than every pruned c ⇒ best true_bpb 0 kept − best true_bpb 0 candidates ≤ 0.02, with Coq's
/// best ([] ↦ default, [x] ↦ f x, x :: t ↦ min (f x) (best t)). Instances: configurations {0, 1, 2}, true and
/// predicted BPB each a function into {0, 1}, every candidate list and every kept sub-list.
/// </summary>
[Invariant("INV-15")]
public sealed class SurrogateNoRegretSearch : ICounterexampleSearch
{
    private const double MaxRegret = 0.02; // surrogate_max_regret

    public string Theorem => "surrogate_pruning_no_regret";

    public CounterexampleResult Search()
    {
        int tried = 0, meeting = 0;
        for (var trueBits = 0; trueBits < 8; trueBits++)
        for (var predBits = 0; predBits < 8; predBits++)
        for (var candMask = 1; candMask < 8; candMask++)
        for (var keptMask = 1; keptMask < 8; keptMask++)
        {
            tried++;
            double True(int c) => (trueBits >> c) & 1;
            double Pred(int c) => (predBits >> c) & 1;
            var candidates = Members(candMask);
            var kept = Members(keptMask);
            if (candidates.Count == 0 || kept.Count == 0 || !kept.All(candidates.Contains)) continue;
            if (!kept.All(k => candidates.Where(c => !kept.Contains(c)).All(c => Pred(k) <= Pred(c)))) continue;
            meeting++;
            var regret = Best(True, 0, kept) - Best(True, 0, candidates);
            if (!(regret <= MaxRegret))
                return new CounterexampleResult(tried, meeting,
                    $"candidates [{string.Join(", ", candidates)}], kept [{string.Join(", ", kept)}], predicted BPB [{string.Join(", ", candidates.Select(Pred))}], " +
                    $"true BPB [{string.Join(", ", candidates.Select(True))}]: the pruning condition holds and the regret is {regret} > {MaxRegret}");
        }
        return new CounterexampleResult(tried, meeting, null);
    }

    private static List<int> Members(int mask) => Enumerable.Range(0, 3).Where(i => (mask >> i & 1) == 1).ToList();

    private static double Best(Func<int, double> f, double fallback, List<int> l) => l.Count switch
    {
        0 => fallback,
        1 => f(l[0]),
        _ => Math.Min(f(l[0]), Best(f, fallback, l[1..])),
    };
}
