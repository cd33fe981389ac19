using Needle.Core.Preregistration;

namespace Needle.Core.Tests.Preregistration;

/// <summary>
/// The accelerators' claims are Empirical: each C# predicate must be a real measurement — it accepts a statistic
/// that meets the pre-registered condition, rejects one just past each threshold, and refuses a malformed
/// statistic naming the field. The φ-grid (INV-17) is Proven; its C# check must still reject a gapped grid.
/// </summary>
public sealed class PreregistrationTests
{
    private static Dictionary<string, double> S(params (string Name, double Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    [Fact]
    public void V1_holds_up_to_each_threshold_and_no_further()
    {
        V1MupTransfer.Holds(0.1, 1).Should().BeTrue("exactly the thresholds is within them");
        V1MupTransfer.Holds(0.1000001, 0).Should().BeFalse();
        V1MupTransfer.Holds(0.02, 2).Should().BeFalse("the optimum moved two grid steps");
        FluentActions.Invoking(() => V1MupTransfer.Holds(-0.1, 0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void V2_needs_the_floor_the_baseline_and_the_sample()
    {
        V2ZeroCostProxies.Holds(0.5, 0.3, 40).Should().BeTrue();
        V2ZeroCostProxies.Holds(0.49, 0.3, 40).Should().BeFalse();
        V2ZeroCostProxies.Holds(0.6, 0.6, 40).Should().BeFalse("a proxy no better than the parameter count adds nothing");
        V2ZeroCostProxies.Holds(0.9, 0.1, 39).Should().BeFalse("39 configurations are below the pre-registered sample");
    }

    [Fact]
    public void V2_rho_is_Spearman_against_negated_BPB()
    {
        double[] scores = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] bpb = [2.8, 2.7, 2.5, 2.6, 2.3, 2.2, 2.1, 2.0]; // higher score, lower BPB, one swap
        V2ZeroCostProxies.Rho(scores, bpb).Should().BeApproximately(1 - 6.0 * 2 / (8 * 63), 1e-12);
        V2ZeroCostProxies.Rho(scores, bpb.Reverse().ToArray()).Should().BeLessThan(0);
    }

    [Fact]
    public void V3_to_V7_compare_with_their_baselines_and_minimum_samples()
    {
        V3BohbRegret.Holds(0.02, 0.02, 20).Should().BeTrue();
        V3BohbRegret.Holds(0.021, 0.02, 20).Should().BeFalse();
        V3BohbRegret.Holds(0.01, 0.02, 19).Should().BeFalse();
        V4SurrogateAccuracy.Holds(0.1).Should().BeTrue();
        V4SurrogateAccuracy.Holds(0.1001).Should().BeFalse();
        V5PhiGridCoverage.Holds(1.0, 0).Should().BeTrue("one grid step is within the pre-registered distance");
        V5PhiGridCoverage.Holds(1.01, 1).Should().BeFalse();
        V5PhiGridCoverage.Holds(0.4, 1).Should().BeFalse("an excluded configuration refutes whatever the distance says");
        V6UcbRegret.Holds(3.0, 3.0, 10).Should().BeTrue();
        V6UcbRegret.Holds(3.1, 3.0, 10).Should().BeFalse();
        V6UcbRegret.Holds(1.0, 3.0, 9).Should().BeFalse();
        V7CurriculumVariance.Holds(0.015, 0.01, 3).Should().BeTrue();
        V7CurriculumVariance.Holds(0.0151, 0.01, 3).Should().BeFalse();
        V7CurriculumVariance.Holds(0.001, 0.01, 2).Should().BeFalse();
    }

    [Fact]
    public void Each_claim_reads_its_statistic_by_name_and_names_a_bad_field()
    {
        EmpiricalClaims.All.Select(c => c.Vector).Should().Equal("V1", "V2", "V3", "V4", "V5", "V6", "V7", "H");
        var v1 = EmpiricalClaims.For("V1")!;
        v1.Holds(S(("max_abs_slope", 0.05), ("lr_shift_grid_steps", 1))).Should().BeTrue();
        v1.Holds(S(("max_abs_slope", 0.15), ("lr_shift_grid_steps", 0))).Should().BeFalse();
        FluentActions.Invoking(() => v1.Holds(S(("max_abs_slope", 0.05)))).Should().Throw<ArgumentException>()
            .WithMessage("*V1*no field \"lr_shift_grid_steps\"*");
        FluentActions.Invoking(() => v1.Holds(S(("max_abs_slope", 0.05), ("lr_shift_grid_steps", 0.5)))).Should().Throw<ArgumentException>()
            .WithMessage("*lr_shift_grid_steps*is 0.5*count*");
        FluentActions.Invoking(() => EmpiricalClaims.For("V7")!.Holds(S(("variance_v7", double.NaN), ("variance_baseline", 1), ("seeds", 3))))
            .Should().Throw<ArgumentException>().WithMessage("*variance_v7*not a finite number*");
        foreach (var claim in EmpiricalClaims.All)
            claim.StatisticNames.Should().OnlyHaveUniqueItems().And.NotBeEmpty();
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
