using Needle.Search.Seeds;

namespace Needle.Search.Tests.Seeds;

public sealed class SeedStateClassifierTests
{
    [Theory]
    [InlineData(1.90, 1.90, -0.0001, SeedState.Leading, SeedAction.MirrorSiblings)]
    [InlineData(1.85, 1.90, 0.01, SeedState.Leading, SeedAction.MirrorSiblings)]         // ahead of the leader wins over slope
    [InlineData(1.95, 1.90, -0.0001, SeedState.CatchingUp, SeedAction.Keep)]
    [InlineData(2.10, 1.90, -0.0001, SeedState.CatchingUp, SeedAction.Keep)]             // far behind but still falling
    [InlineData(2.10, 1.90, 0.0, SeedState.ParallelLosing, SeedAction.KeepUntilNextRung)]
    [InlineData(2.10, 1.90, -0.000005, SeedState.ParallelLosing, SeedAction.KeepUntilNextRung)] // within the flat band
    [InlineData(2.10, 1.90, 0.0005, SeedState.ParallelLosing, SeedAction.KeepUntilNextRung)]    // rising, not diverging
    [InlineData(1.92, 1.90, 0.0, SeedState.CatchingUp, SeedAction.Keep)]                 // flat but within 0.05: the gap rule
    [InlineData(1.92, 1.90, 0.002, SeedState.Diverging, SeedAction.KillAndReplace)]
    [InlineData(2.50, 1.90, 0.0011, SeedState.Diverging, SeedAction.KillAndReplace)]
    public void Plan_rules(double mine, double leader, double slope, SeedState state, SeedAction action)
    {
        var a = SeedStateClassifier.Classify(mine, leader, slope);
        a.State.Should().Be(state, a.Why);
        a.Action.Should().Be(action);
        a.Delta.Should().BeApproximately(mine - leader, 1e-12);
    }

    [Fact]
    public void No_asymptote_means_no_verdict()
    {
        SeedStateClassifier.Classify(null, 1.9, 0.01).State.Should().Be(SeedState.InsufficientEvidence);
        SeedStateClassifier.Classify(2.0, null, 0.01).State.Should().Be(SeedState.InsufficientEvidence);
        SeedStateClassifier.Classify(null, 1.9, 0.01).Action.Should().Be(SeedAction.Keep);
    }

    [Fact]
    public void A_seed_moves_through_the_states_as_its_curve_turns()
    {
        // One seed's trajectory against a fixed leader: falling → flat far behind → rising → overtaking.
        var seq = new (double Mine, double? Slope)[] { (2.00, -0.0002), (2.00, 0.0), (2.00, 0.003), (1.88, -0.0001) }
            .Select(x => SeedStateClassifier.Classify(x.Mine, 1.90, x.Slope).State);
        seq.Should().Equal(SeedState.CatchingUp, SeedState.ParallelLosing, SeedState.Diverging, SeedState.Leading);
    }

    [Fact]
    public void Thresholds_are_live()
    {
        var strict = new SeedStateRules(ParallelGap: 0.01);
        SeedStateClassifier.Classify(1.92, 1.90, 0.0, strict).State.Should().Be(SeedState.ParallelLosing);
        SeedStateClassifier.Classify(1.92, 1.90, 0.0).State.Should().Be(SeedState.CatchingUp);
    }
}
