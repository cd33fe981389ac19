using Needle.Core.Rungs;
using Needle.Search.Asha;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Tests.Running;

/// <summary>
/// The race's rung veto (V4's hook): it can stop a trial ASHA promoted — recorded as Stop, state Pruned, with its reason
/// on the trial — and nothing else: a trial ASHA stopped is never revived, and a rung it does not judge is untouched.
/// </summary>
public sealed class RungVetoTests
{
    private sealed class StopAt(long rung, Func<TrialRecord, bool> which) : IRungVeto
    {
        public List<(string Canon, long Rung, RungOutcome Asha)> Seen { get; } = [];

        public string? Veto(TrialRecord trial, long at, IReadOnlyList<(long Step, double Bpb)> curve, RungOutcome asha)
        {
            Seen.Add((trial.Spec.CanonName, at, asha));
            curve.Should().NotBeEmpty().And.OnlyContain(p => p.Step <= at, "the veto sees only what the race has paid for");
            return at == rung && which(trial) ? $"planted veto of {trial.Spec.CanonName}" : null;
        }
    }

    private static readonly RungLadder Ladder = RungLadder.Geometric(100, 3, 3); // 100, 300, 900

    [Fact]
    public async Task A_veto_turns_a_promotion_into_a_prune_with_its_reason()
    {
        using var plain = new RaceFixture(ladder: Ladder);
        await plain.Race(plain.Options(parallel: 1)).RunAsync(TestContext.Current.CancellationToken);
        var promotedAt300 = plain.Decisions().Where(d => d.Rung == 300 && d.Outcome == RungOutcome.Promote).Select(d => d.Canon).ToList();
        promotedAt300.Should().NotBeEmpty("without a veto ASHA promotes someone past rung 300");
        var victim = promotedAt300[0];

        using var vetoed = new RaceFixture(ladder: Ladder);
        var veto = new StopAt(300, t => t.Spec.CanonName == victim);
        await vetoed.Race(vetoed.Options(parallel: 1) with { Veto = veto }).RunAsync(TestContext.Current.CancellationToken);

        vetoed.Decisions().Should().Contain((victim, 300L, RungOutcome.Stop, plain.Decisions().First(d => d.Canon == victim && d.Rung == 300).Value));
        var trial = vetoed.Storage.GetTrials(vetoed.Study.Id).Single(t => t.Spec.CanonName == victim);
        trial.State.Should().Be(TrialState.Pruned);
        trial.Error.Should().Be($"planted veto of {victim}");
        vetoed.Decisions().Should().NotContain(d => d.Canon == victim && d.Rung == 900, "a vetoed trial never trains past the rung");
        veto.Seen.Select(s => s.Rung).Should().Contain([100L, 300L], "the veto is asked at every rung decision");
    }

    [Fact]
    public async Task A_veto_never_revives_a_trial_ASHA_stopped_and_says_nothing_about_the_ones_it_did_not_change()
    {
        using var race = new RaceFixture(ladder: Ladder);
        var veto = new StopAt(100, _ => true); // would stop everyone at rung 100
        await race.Race(race.Options(parallel: 1) with { Veto = veto }).RunAsync(TestContext.Current.CancellationToken);

        race.Decisions().Should().OnlyContain(d => d.Rung == 100 && d.Outcome == RungOutcome.Stop);
        var trials = race.Storage.GetTrials(race.Study.Id);
        trials.Should().OnlyContain(t => t.State == TrialState.Pruned);
        var askedAsPromoted = veto.Seen.Where(s => s.Asha == RungOutcome.Promote).Select(s => s.Canon).ToHashSet();
        askedAsPromoted.Should().NotBeEmpty().And.HaveCountLessThan(trials.Count, "ASHA stops some trials itself");
        trials.Where(t => t.Error is not null).Select(t => t.Spec.CanonName).Should().BeEquivalentTo(askedAsPromoted,
            "only a decision the veto changed carries its reason");
    }
}
