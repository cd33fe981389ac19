using Needle.Core.Seeds;
using Needle.Search.Curves;
using Needle.Search.Hunt;
using Needle.Search.Running;
using Needle.Search.Seeds;
using Needle.Search.Study;
using Needle.Search.Tests.Running;

namespace Needle.Search.Tests.Hunt;

public sealed class SeedHuntTests
{
    // Four seeds of one config, each a different synthetic curve: a leader, a follower, a flat loser and a diverger.
    private const string Space = """
        { "name": "hunt", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 7, "seeds": [1],
          "configs": [ { "synthetic.binf": 1.80, "synthetic.a": 4, "synthetic.p": 0.5, "synthetic.noise": 0.002 },
                       { "synthetic.binf": 1.83, "synthetic.a": 4, "synthetic.p": 0.5, "synthetic.noise": 0.002 },
                       { "synthetic.binf": 2.20, "synthetic.a": 4, "synthetic.p": 1.5, "synthetic.noise": 0.0001 },
                       { "synthetic.binf": 1.90, "synthetic.a": 4, "synthetic.p": 0.5, "synthetic.noise": 0.002,
                         "synthetic.diverge_after": 800, "synthetic.diverge_slope": 0.003 } ] }
        """;

    private static RaceFixture Fixture()
    {
        var f = new RaceFixture(Space);
        // Feed the curves straight into the study, up to rung 900 of the 100·3^k ladder.
        foreach (var t in f.Storage.GetTrials(f.Study.Id))
        {
            var curve = SyntheticCurve.For(t.Spec);
            for (long step = 10; step <= 900; step += 10) f.Storage.AddReport(t.Id, step, curve.At(step), f.Time.GetUtcNow());
        }
        return f;
    }

    [Fact]
    public void Status_classifies_each_seed_against_the_leader()
    {
        using var f = Fixture();
        var rows = new SeedHunt(f.Storage, f.Study, f.Time).Status(900);
        rows.Should().HaveCount(4);
        State(rows, "E0007").Should().Be(SeedState.Leading);
        State(rows, "E0008").Should().Be(SeedState.CatchingUp);
        State(rows, "E0009").Should().Be(SeedState.ParallelLosing);
        State(rows, "E0010").Should().Be(SeedState.Diverging);
        var leader = rows.Single(r => r.Canon.Contains("E0007"));
        leader.Forecast.Should().BeOfType<CurveForecast.Fitted>();
        leader.AsymptoteInterval!.Value.Contains(1.80).Should().BeTrue();
        ((Action)(() => new SeedHunt(f.Storage, f.Study, f.Time).Status(500))).Should().Throw<ArgumentException>().WithMessage("*not a rung*");
    }

    [Fact]
    public void Prune_lists_without_apply_and_with_apply_stops_them_and_replaces_the_diverging_seed()
    {
        using var f = Fixture();
        var hunt = new SeedHunt(f.Storage, f.Study, f.Time);
        var (dry, none) = hunt.Prune(900, apply: false);
        none.Should().BeEmpty();
        f.Storage.GetTrials(f.Study.Id).Should().OnlyContain(t => t.State == TrialState.Waiting, "a dry run changes nothing");
        // Four results at the rung, η = 3: only the best is in the top 1/η; the diverger is out by both rules.
        dry.Select(r => r.Canon).Should().BeEquivalentTo("IGLA-TRAIN_V2-FP32-E0008-seed1", "IGLA-TRAIN_V2-FP32-E0009-seed1", "IGLA-TRAIN_V2-FP32-E0010-seed1");
        var (pruned, replacements) = hunt.Prune(900, apply: true);
        pruned.Should().HaveCount(3);
        f.Storage.GetTrials(f.Study.Id).Single(t => t.Spec.CanonName.EndsWith("E0010-seed1", StringComparison.Ordinal)).State.Should().Be(TrialState.Killed);
        f.Storage.GetTrials(f.Study.Id).Single(t => t.Spec.CanonName.EndsWith("E0009-seed1", StringComparison.Ordinal)).State.Should().Be(TrialState.Pruned);
        replacements.Single().Spec.CanonName.Should().Be($"IGLA-TRAIN_V2-FP32-E0010-seed{PhiAnchoredSeeds.Seed(1)}");
        replacements.Single().State.Should().Be(TrialState.Waiting);
    }

    [Fact]
    public void Mirror_strategies_give_fresh_seeds_and_the_log_persists()
    {
        using var f = Fixture();
        var hunt = new SeedHunt(f.Storage, f.Study, f.Time);
        const string leader = "IGLA-TRAIN_V2-FP32-E0007-seed1";
        hunt.Mirror(leader, 3, MirrorStrategy.PhiAnchored).Select(t => t.Spec.Seed)
            .Should().Equal(PhiAnchoredSeeds.Seed(1), PhiAnchoredSeeds.Seed(2), PhiAnchoredSeeds.Seed(3));
        hunt.Mirror(leader, 3, MirrorStrategy.Sibling).Select(t => t.Spec.Seed).Should().Equal(2u, 0u, 3u);
        var r1 = hunt.Mirror(leader, 2, MirrorStrategy.Random).Select(t => t.Spec.Seed).ToList();
        var r2 = hunt.Mirror(leader, 2, MirrorStrategy.Random).Select(t => t.Spec.Seed).ToList();
        r1.Should().NotIntersectWith(r2, "each call continues with a new stream");
        var sameConfig = f.Storage.GetTrials(f.Study.Id).Where(t => t.Spec.CanonName.Contains("E0007")).ToList();
        sameConfig.Should().HaveCount(1 + 3 + 3 + 4);
        sameConfig.Select(t => t.Spec.Seed).Should().OnlyHaveUniqueItems();
        sameConfig.Should().OnlyContain(t => t.Spec.ConfigKey == sameConfig[0].Spec.ConfigKey);
        f.Storage.GetSeedHuntState(f.Study.Id, "mirror_log").Should().Contain(leader).And.Contain("Sibling");
        ((Action)(() => hunt.Mirror("IGLA-NOPE-seed1", 1, MirrorStrategy.Random))).Should().Throw<ArgumentException>().WithMessage("*not a trial*");
    }

    [Fact]
    public void Leaderboard_shows_only_rows_at_or_beyond_the_gate_minimum()
    {
        using var f = Fixture();
        Leaderboard.For(f.Storage, f.Study.Id).Should().BeEmpty("no trial has reached step 4000");
        var t = f.Storage.GetTrials(f.Study.Id);
        f.Storage.AddReport(t[2].Id, 4000, 2.0, f.Time.GetUtcNow());
        f.Storage.AddReport(t[1].Id, 4000, 1.9, f.Time.GetUtcNow());
        f.Storage.AddReport(t[1].Id, 4100, 1.95, f.Time.GetUtcNow());
        var rows = Leaderboard.For(f.Storage, f.Study.Id);
        rows.Select(r => (r.Rank, r.Canon, r.Step, r.Bpb)).Should().Equal(
            (1, t[1].Spec.CanonName, 4100L, 1.95), (2, t[2].Spec.CanonName, 4000L, 2.0));
    }

    private static SeedState State(IReadOnlyList<HuntRow> rows, string e) => rows.Single(r => r.Canon.Contains(e)).Assessment.State;
}
