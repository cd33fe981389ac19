using Needle.Core.Preregistration;
using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Mup;

namespace Needle.Training.Tests.Mup;

/// <summary>The coordinate check's three outcomes on the default small widths (8…128) and real batches (seconds): SP grows with width,
/// the planted readout bug fails at the logits, and muP is much flatter than SP on the same widths.</summary>
public sealed class CoordinateCheckTests
{
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load(RepoPaths.Corpus));
    private static readonly CoordinateCheckSettings Small = new(); // widths 8…128: below that finite-width noise swamps muP
    private static readonly Lazy<CoordinateCheckResult> Mup = new(() => CoordinateCheck.Run(Small, Corpus.Value));
    private static readonly Lazy<CoordinateCheckResult> Sp = new(() => CoordinateCheck.Run(Small with { Parametrization = Parametrization.Sp }, Corpus.Value));

    [Fact]
    public void The_slope_is_the_least_squares_slope_of_the_points()
    {
        CoordinateCheck.Slope([0, 1, 2], [1, 3, 5]).Should().BeApproximately(2, 1e-12);
        CoordinateCheck.Slope([Math.Log(8), Math.Log(32)], [Math.Log(1), Math.Log(2)]).Should().BeApproximately(0.5, 1e-12);
        var one = () => CoordinateCheck.Slope([1], [1]);
        one.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Sp_activations_grow_with_width_so_the_check_is_not_blind()
    {
        Sp.Value.Flat.Should().BeFalse();
        Sp.Value.Sites.Single(s => s.Site == Sp.Value.WorstSite).Slopes.Max().Should().BeGreaterThan(V1MupTransfer.MaxAbsSlope);
    }

    [Fact]
    public void The_planted_readout_bug_fails_at_the_logits()
    {
        var planted = CoordinateCheck.Run(Small with { Bug = PlantedMupBug.ReadoutMultiplierRemoved }, Corpus.Value);
        var witness = V1FalsificationSuite.ReadoutBug(Mup.Value, planted);
        witness.Rejected.Should().BeTrue(witness.ObservedReason);
        witness.RightReason.Should().BeTrue(witness.ObservedReason);
    }

    [Fact]
    public void Mup_is_far_flatter_than_sp_on_the_same_widths()
    {
        var witness = V1FalsificationSuite.Standard(Mup.Value, Sp.Value);
        witness.Passed.Should().BeTrue(witness.ObservedReason);
        Mup.Value.Sites.Should().HaveCount(Sp.Value.Sites.Count);
    }

    [Fact]
    public void Falsifier_mode_2_decides_the_state_from_an_unplanted_mup_check_only()
    {
        var state = V1State.FromCoordinateCheck(Mup.Value);
        state.Enabled.Should().Be(Mup.Value.Flat);
        state.Reason.Should().Contain(Mup.Value.Flat ? "≤" : Mup.Value.WorstSite);
        var sp = () => V1State.FromCoordinateCheck(Sp.Value);
        sp.Should().Throw<ArgumentException>();
    }
}
