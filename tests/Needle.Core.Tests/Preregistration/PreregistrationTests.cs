using Needle.Core.Preregistration;

namespace Needle.Core.Tests.Preregistration;

/// <summary>
/// INV-13 … INV-17 are Admitted in Coq; their pre-registered C# predicates must be real measurements: each
/// accepts a witness that satisfies the claim and rejects one that refutes it.
/// </summary>
public sealed class PreregistrationTests
{
    [Fact]
    public void MupTransfer_accepts_within_one_octave_and_rejects_beyond()
    {
        MupTransferCondition.Holds(0.004, 0.007).Should().BeTrue();
        MupTransferCondition.Holds(0.004, 0.008).Should().BeTrue("exactly one octave is within tolerance");
        MupTransferCondition.Holds(0.004, 0.0081).Should().BeFalse();
        MupTransferCondition.Holds(0.004, 0.0019).Should().BeFalse();
        FluentActions.Invoking(() => MupTransferCondition.Holds(0, 0.004)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void MupTransfer_compares_the_argmin_of_two_sweeps()
    {
        var proxy = new List<(double, double)> { (0.001, 2.4), (0.002, 2.2), (0.004, 2.1), (0.008, 2.3) };
        var near = new List<(double, double)> { (0.001, 2.0), (0.002, 1.9), (0.004, 1.95), (0.008, 2.2) };
        var far = new List<(double, double)> { (0.0005, 1.8), (0.001, 1.9), (0.004, 2.0) };
        MupTransferCondition.OptimalLr(proxy).Should().Be(0.004);
        MupTransferCondition.Holds(proxy, near).Should().BeTrue();
        MupTransferCondition.Holds(proxy, far).Should().BeFalse("0.0005 is three octaves below 0.004");
    }

    [Fact]
    public void ZeroCostFloor_uses_Spearman_against_negated_BPB()
    {
        double[] scores = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] goodBpb = [2.8, 2.7, 2.5, 2.6, 2.3, 2.2, 2.1, 2.0]; // higher score, lower BPB, one swap
        double[] badBpb = [2.0, 2.1, 2.2, 2.3, 2.5, 2.6, 2.7, 2.8];  // higher score, higher BPB
        ZeroCostCorrelationFloor.Rho(scores, goodBpb).Should().BeApproximately(1 - 6.0 * 2 / (8 * 63), 1e-12);
        ZeroCostCorrelationFloor.Holds(scores, goodBpb).Should().BeTrue();
        ZeroCostCorrelationFloor.Holds(scores, badBpb).Should().BeFalse();
        FluentActions.Invoking(() => ZeroCostCorrelationFloor.Holds(scores[..5], goodBpb[..5])).Should().Throw<ArgumentException>()
            .WithMessage("*below the pre-registered sample of 8*");
    }

    [Fact]
    public void SurrogateRegret_is_best_kept_minus_best_overall()
    {
        double[] bpb = [2.10, 1.95, 2.40, 1.96];
        SurrogateRegretBound.Regret(bpb, [1, 2]).Should().Be(0);
        SurrogateRegretBound.Holds(bpb, [3, 2]).Should().BeTrue("1.96 − 1.95 = 0.01 ≤ 0.02");
        SurrogateRegretBound.Holds(bpb, [0, 2]).Should().BeFalse("2.10 − 1.95 = 0.15");
        FluentActions.Invoking(() => SurrogateRegretBound.Holds(bpb, [])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => SurrogateRegretBound.Holds(bpb, [4])).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void UcbRegret_tells_logarithmic_from_linear_growth()
    {
        var logarithmic = Enumerable.Range(1, 1000).Select(t => 1.0 / t).ToArray(); // R(T) ≈ ln T
        var linear = Enumerable.Repeat(0.1, 1000).ToArray();                           // R(T) = 0.1·T
        UcbRegretBound.SecondHalfShare(linear).Should().BeApproximately(0.5, 1e-12);
        UcbRegretBound.Holds(logarithmic).Should().BeTrue();
        UcbRegretBound.Holds(linear).Should().BeFalse();
        UcbRegretBound.Holds(new double[20]).Should().BeTrue("no regret at all is sublinear");
        FluentActions.Invoking(() => UcbRegretBound.Holds([0.1, -0.2, .. new double[20]])).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void PhiGrid_covers_a_range_only_in_phi_steps()
    {
        var grid = PhiGridCompleteness.Grid(0.001, 6); // 0.001 … 0.001·φ^5 ≈ 0.0111
        PhiGridCompleteness.Holds(grid, 0.001, 0.017).Should().BeTrue();
        PhiGridCompleteness.Holds(grid, 0.001, 0.02).Should().BeFalse("0.02 is more than one φ step above the last point");
        PhiGridCompleteness.Holds(grid, 0.0009, 0.005).Should().BeFalse("the grid starts above lo");
        var gapped = grid.Where((_, i) => i != 3).ToArray();
        PhiGridCompleteness.Holds(gapped, 0.001, 0.017).Should().BeFalse("removing a point leaves a φ² gap");
    }
}
