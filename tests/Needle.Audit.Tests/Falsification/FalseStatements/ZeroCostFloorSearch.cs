using System.Globalization;
using Needle.Audit.Admitted;
using Needle.Core.Invariants;

namespace Needle.Audit.Tests.Falsification.FalseStatements;

/// <summary>
/// Mirrors <c>zero_cost_correlation_floor</c>: for lists of equal length ≥ 8 without duplicates,
/// 0.5 ≤ spearman proxy (map Ropp bpb), with Coq's rank (how many list elements are strictly smaller),
/// sum_sq_rank_diff and spearman = 1 − 6·Σd² / (n·(n² − 1)). Instances: scores 0..7 against every permutation of
/// BPBs 0..7, in lexicographic order.
/// </summary>
[Invariant("INV-14")]
public sealed class ZeroCostFloorSearch : ICounterexampleSearch
{
    private const double Floor = 0.5; // zero_cost_floor

    public string Theorem => "zero_cost_correlation_floor";

    public CounterexampleResult Search()
    {
        double[] scores = [0, 1, 2, 3, 4, 5, 6, 7];
        int tried = 0, meeting = 0;
        foreach (var bpb in Permutations([0, 1, 2, 3, 4, 5, 6, 7]))
        {
            tried++;
            if (scores.Length != bpb.Length || scores.Length < 8 || scores.Distinct().Count() != scores.Length || bpb.Distinct().Count() != bpb.Length) continue;
            meeting++;
            var rho = Spearman(scores, bpb.Select(b => -b).ToArray());
            if (!(Floor <= rho))
                return new CounterexampleResult(tried, meeting, string.Create(CultureInfo.InvariantCulture,
                    $"proxy scores [{string.Join(", ", scores)}] against trained BPB [{string.Join(", ", bpb)}]: spearman = {rho} < {Floor}"));
        }
        return new CounterexampleResult(tried, meeting, null);
    }

    private static double Rank(double[] l, double x) => l.Count(y => y < x);

    private static double Spearman(double[] xs, double[] ys)
    {
        double sum = 0;
        for (var i = 0; i < Math.Min(xs.Length, ys.Length); i++) sum += Math.Pow(Rank(xs, xs[i]) - Rank(ys, ys[i]), 2);
        double n = xs.Length;
        return 1 - 6 * sum / (n * (n * n - 1));
    }

    private static IEnumerable<double[]> Permutations(double[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (var i = 0; i < items.Length; i++)
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
                yield return [items[i], .. rest];
    }
}
