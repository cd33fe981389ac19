using Needle.Core.Vectors;
using Needle.Search.Accelerators.Bandit;
using Needle.Search.History;
using Needle.Search.Replay;
using Needle.Testing;

namespace Needle.Search.Tests.Accelerators;

/// <summary>V6: rewards, UCB1's choices on what it has observed, and the regret arithmetic.</summary>
public sealed class Ucb1FamilyBanditTests
{
    /// <summary>A strategy view over real history records whose "observed" curves are set by the test.</summary>
    private sealed class View(IReadOnlyList<HistoryRecord> all) : IStrategyView
    {
        public List<HistoryRecord> Left { get; } = [.. all];
        public Dictionary<string, List<(long, double)>> Curves { get; } = [];
        public IReadOnlyList<HistoryRecord> Unstarted => Left;
        public IReadOnlyList<(long Step, double Bpb)> Observed(string configId) => Curves.TryGetValue(configId, out var c) ? c : [];
    }

    [Fact]
    public void Rewards_are_normalised_rung2_results_and_a_trial_left_at_rung1_is_scored_on_the_same_scale()
    {
        var rewards = FamilyRewards.Score([("a", 3.0, 2.0), ("b", 3.0, 2.5), ("c", 4.0, null), ("d", null, null)]);
        rewards.Select(r => r.Family).Should().Equal("a", "b", "c");
        rewards[0].Reward.Should().Be(1);
        // Median rung-2/rung-1 ratio of a and b = (2/3 + 2.5/3)/2 = 0.75; c is estimated at 3.0, the worst.
        rewards[2].Reward.Should().Be(0);
        rewards[1].Reward.Should().BeApproximately((3.0 - 2.5) / (3.0 - 2.0), 1e-12);
    }

    [Fact]
    public void UCB1_tries_each_family_then_keeps_choosing_the_one_whose_trials_did_best()
    {
        var table = HistoryTable.Load(RepoPaths.InRepo("data", "history"));
        var view = new View(ReplayDriver.Replayable(table));
        var bandit = new Ucb1FamilyBandit();
        var families = ((IStrategyView)view).Families.ToList();
        var rungs = table.Manifest.Ladder;
        var random = new Random(1);
        // Play several brackets: each started trial "observes" a rung-2 BPB of 2.0 for attn and 3.0 for the others.
        for (var bracket = 0; bracket < families.Count + 6; bracket++)
            for (var i = 0; i < BracketBandit.BracketSize; i++)
            {
                var family = bandit.ChooseFamily(view, random)!;
                var pick = view.Left.First(r => r.Family == family);
                view.Left.Remove(pick);
                var bpb = family == "attn" ? 2.0 : 3.0;
                view.Curves[pick.ConfigId] = [(rungs[0], bpb + 0.5), (rungs[1], bpb)];
            }
        bandit.Choices.Take(families.Count).Select(c => c.Family).Should().BeEquivalentTo(families, "every family is tried once first");
        bandit.Choices.Skip(families.Count).TakeLast(3).Select(c => c.Family).Should().OnlyContain(f => f == "attn");
    }

    [Fact]
    public void Regret_is_the_best_mean_minus_the_chosen_and_uniform_takes_the_mean_of_the_available()
    {
        var means = new Dictionary<string, double> { ["a"] = 0.9, ["b"] = 0.5, ["c"] = 0.1 };
        var choices = Enumerable.Range(0, 12).Select(i => new BracketChoice(i, i < 2 ? "c" : "a", ["a", "b", "c"])).ToList();
        var v = BanditRegretCheck.Judge(means, [choices]);
        v.RegretUcb.Should().Be(0, "the last 10 brackets all chose the best family");
        v.RegretUniform.Should().BeApproximately(10 * (0.9 - 0.5), 1e-12);
        v.Brackets.Should().Be(12);
        v.Holds.Should().BeTrue();
        var worst = choices.Select(c => c with { Family = "c" }).ToList();
        BanditRegretCheck.Judge(means, [worst]).State.Switch.Should().Be(VectorSwitch.Disabled);
    }
}
