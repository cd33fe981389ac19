using Needle.Core.Preregistration;
using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Mup;

namespace Needle.Training.Tests.Mup;

/// <summary>The coordinate check's three outcomes on the default small widths (8…128) and real batches (seconds): SP grows with width,
/// the planted readout bug fails at the logits, and muP is much flatter than SP on the same widths; and what its fixed batch means.</summary>
public sealed class CoordinateCheckTests
{
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load(RepoPaths.Corpus));
    // The default widths 8…128 and protocol with 3 seeds instead of 100: these tests ask only whether the check can
    // fail (SP, the planted bug), which 3 seeds show in seconds; the verdict itself is the V1 suite's, at 100 seeds.
    private static readonly CoordinateCheckSettings Small = new() { Seeds = 3 };
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

    [Fact]
    public void With_a_fixed_batch_step_1_sees_the_batch_of_step_0_and_with_fresh_batches_it_does_not()
    {
        // muP's zero readout stops every body gradient at step 0, so after the first update only the readout has moved:
        // on the same batch, step 1's embedding (and residual stream) is bit-identical to step 0's; on a fresh batch it is not.
        var one = Small with { Widths = [8, 16], Seeds = 1, Steps = 2 };
        var fixedBatch = CoordinateCheck.Run(one, Corpus.Value).Sites.ToDictionary(s => s.Site);
        foreach (var site in new[] { "embed", "h0.residual", "h1.residual" })
            fixedBatch[site].MeanAbs[0][1].Should().Be(fixedBatch[site].MeanAbs[0][0], site);
        fixedBatch["logits"].MeanAbs[0][1].Should().BeGreaterThan(0, "the readout learned in the first step");
        var fresh = CoordinateCheck.Run(one with { FixedBatch = false }, Corpus.Value).Sites.Single(s => s.Site == "embed");
        fresh.MeanAbs[0][1].Should().NotBe(fresh.MeanAbs[0][0], "a fresh batch has other bytes");
    }
}
