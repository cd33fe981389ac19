using System.Globalization;
using Needle.Audit.Admitted;
using Needle.Core.Invariants;

namespace Needle.Audit.Tests.Falsification.FalseStatements;

/// <summary>
/// Mirrors <c>ucb_sublinear_regret</c>: arms &gt; 0, every mean ≤ best_mean, rewards in [0, 1], choice follows UCB1
/// (follows_ucb1 with Coq's pulls, reward_sum and ucb_index) ⇒ ∀ ε &gt; 0 ∃ T0 ∀ T ≥ T0, cumulative_regret T ≤ ε·T.
/// Instances: 1–2 arms, means and best_mean in {0, ½, 1}, constant rewards, the choice made by UCB1 itself and
/// re-checked against follows_ucb1 over 64 pulls. A finite run cannot refute "∃ T0" in general, but when
/// best_mean exceeds every arm's mean by a gap g, each pull adds at least g (choice t &lt; arms is a hypothesis),
/// so cumulative_regret T ≥ g·T for every T and ε = g/2 has no T0: that is the counterexample reported. With one
/// arm, follows_ucb1 holds for every t (its only arm is always the argmax), not only for the 64 checked.
/// </summary>
[Invariant("INV-16")]
public sealed class UcbSublinearSearch : ICounterexampleSearch
{
    private const int Horizon = 64;

    public string Theorem => "ucb_sublinear_regret";

    public CounterexampleResult Search()
    {
        double[] levels = [0, 0.5, 1];
        int tried = 0, meeting = 0;
        for (var arms = 1; arms <= 2; arms++)
        foreach (var mu in Assignments(levels, arms))
        foreach (var bestMean in levels)
        foreach (var rewardLevel in levels)
        {
            tried++;
            if (!mu.All(m => m <= bestMean)) continue;
            double Reward(int t) => rewardLevel;
            var choice = RunUcb1(arms, Reward);
            if (!FollowsUcb1(arms, choice, Reward)) continue;
            meeting++;
            var gap = bestMean - mu.Max();
            if (gap > 0)
            {
                var eps = gap / 2;
                var regret = CumulativeRegret(mu, bestMean, choice, Horizon);
                return new CounterexampleResult(tried, meeting, string.Create(CultureInfo.InvariantCulture,
                    $"{arms} arm(s) with means [{string.Join(", ", mu)}], best_mean = {bestMean}, rewards ≡ {rewardLevel}: every pull adds regret ≥ {gap}, " +
                    $"so cumulative_regret T ≥ {gap}·T (after {Horizon} pulls: {regret}) and ε = {eps} has no T0"));
            }
        }
        return new CounterexampleResult(tried, meeting, null);
    }

    private static IEnumerable<double[]> Assignments(double[] levels, int arms) =>
        arms == 0 ? [[]] : Assignments(levels, arms - 1).SelectMany(rest => levels.Select(l => (double[])[.. rest, l]));

    private static int Pulls(int[] choice, int arm, int t) => choice.Take(t).Count(c => c == arm);

    private static double RewardSum(int[] choice, Func<int, double> reward, int arm, int t) =>
        Enumerable.Range(0, t).Where(s => choice[s] == arm).Sum(reward);

    private static double UcbIndex(int[] choice, Func<int, double> reward, int arm, int t) =>
        RewardSum(choice, reward, arm, t) / Pulls(choice, arm, t) + Math.Sqrt(2 * Math.Log(t) / Pulls(choice, arm, t));

    private static int[] RunUcb1(int arms, Func<int, double> reward)
    {
        var choice = new int[Horizon];
        for (var t = 0; t < Horizon; t++)
            choice[t] = t < arms ? t : Enumerable.Range(0, arms).MaxBy(j => UcbIndex(choice, reward, j, t));
        return choice;
    }

    private static bool FollowsUcb1(int arms, int[] choice, Func<int, double> reward)
    {
        for (var t = 0; t < Horizon; t++)
        {
            if (t < arms) { if (choice[t] != t) return false; continue; }
            if (choice[t] >= arms) return false;
            for (var j = 0; j < arms; j++)
                if (!(UcbIndex(choice, reward, j, t) <= UcbIndex(choice, reward, choice[t], t))) return false;
        }
        return true;
    }

    private static double CumulativeRegret(double[] mu, double bestMean, int[] choice, int t) =>
        Enumerable.Range(0, t).Sum(s => bestMean - mu[choice[s]]);
}
