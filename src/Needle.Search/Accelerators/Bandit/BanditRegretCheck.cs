using Needle.Core.Vectors;
using System.Globalization;
using Needle.Core.Preregistration;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bandit;

/// <summary>V6's figures: median over repetitions of the bandit's cumulative regret over the last window of brackets, uniform allocation's on the same brackets, and the fewest brackets any repetition had.</summary>
public sealed record BanditRegretVerdict(double RegretUcb, double RegretUniform, int Brackets, int Repetitions, bool Holds, VectorState State)
{
    public IReadOnlyDictionary<string, double> Statistic => new Dictionary<string, double>
    {
        ["regret_ucb"] = RegretUcb, ["regret_uniform"] = RegretUniform, ["brackets"] = Brackets,
    };
}

/// <summary>
/// Falsifier mode 6: replays ASHA with a family bandit (UCB1, or a planted one). A bracket's regret is the best available
/// family's mean table reward (<see cref="FamilyRewards.TableMeans"/>) minus the chosen family's; uniform allocation on
/// the same replay picks each available family with equal chance, so its expected regret at that bracket is the best
/// available mean minus the mean over the available families. Both are summed over the last
/// <see cref="V6UcbRegret.Window"/> brackets of each repetition that were decisions (at least two families left: on a
/// finite table the last brackets have one family left, where every allocation is forced and regret says nothing);
/// the medians over repetitions go to <see cref="V6UcbRegret"/>. Refuted → V6 disabled.
/// </summary>
public static class BanditRegretCheck
{
    public static async Task<BanditRegretVerdict> RunAsync(
        HistoryTable table, Func<BracketBandit> bandit, int repetitions, int workers, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(bandit);
        var made = new List<BracketBandit>();
        await ReplayBenchmark.RunAsync(table, () =>
        {
            var b = bandit();
            made.Add(b);
            return SearchStrategy.Asha with { Name = "ucb", Bandit = b };
        }, repetitions, workers, ReplayBenchmark.DefaultEpsilon, workDirectory).ConfigureAwait(false);
        var means = FamilyRewards.TableMeans(ReplayDriver.Replayable(table), table.Manifest.Ladder);
        return Judge(means, [.. made.Select(b => b.Choices)]);
    }

    /// <summary>The verdict from each repetition's bracket choices and the table's family means.</summary>
    public static BanditRegretVerdict Judge(IReadOnlyDictionary<string, double> means, IReadOnlyList<IReadOnlyList<BracketChoice>> repetitions)
    {
        ArgumentNullException.ThrowIfNull(means);
        if (repetitions.Count == 0) throw new ArgumentException("V6 needs at least one repetition", nameof(repetitions));
        var ucb = new List<double>();
        var uniform = new List<double>();
        foreach (var choices in repetitions)
        {
            var window = Decisions(choices).TakeLast(V6UcbRegret.Window).ToList();
            ucb.Add(window.Sum(c => BestAvailable(c) - means.GetValueOrDefault(c.Family)));
            uniform.Add(window.Sum(c => BestAvailable(c) - c.Available.Average(f => means.GetValueOrDefault(f))));
        }
        double BestAvailable(BracketChoice c) => c.Available.Max(f => means.GetValueOrDefault(f));
        var brackets = repetitions.Min(c => Decisions(c).Count());
        var (u, r) = (ReplayBenchmark.Quantile([.. ucb.Order()], 0.5), ReplayBenchmark.Quantile([.. uniform.Order()], 0.5));
        var holds = V6UcbRegret.Holds(u, r, brackets);
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"cumulative regret over the last {V6UcbRegret.Window} brackets with a choice (median of {repetitions.Count} replays, ≥ {brackets} such brackets each): UCB1 {u:0.000}, uniform {r:0.000}; family means {string.Join(", ", means.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value:0.000}"))}");
        var state = JudgedState.Of("V6", holds, holds ? figures
            : figures + (brackets < V6UcbRegret.Window ? " — too few brackets for a verdict; disabled" : " — UCB1 is worse than uniform: disabled"));
        return new BanditRegretVerdict(u, r, brackets, repetitions.Count, holds, state);
    }

    /// <summary>The brackets that were decisions: at least two families had configurations left.</summary>
    public static IEnumerable<BracketChoice> Decisions(IReadOnlyList<BracketChoice> choices) => choices.Where(c => c.Available.Count >= 2);
}
