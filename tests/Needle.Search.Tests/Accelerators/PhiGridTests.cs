using Needle.Search.Accelerators.PhiGrid;
using Needle.Search.History;
using Needle.Search.Replay;
using Needle.Testing;

namespace Needle.Search.Tests.Accelerators;

/// <summary>V5's grid: its points, distances in grid steps, and the grid the committed history declares.</summary>
public sealed class PhiGridTests
{
    [Fact]
    public void Widths_are_round_64_phi_k_and_distances_count_phi_steps()
    {
        var w = PhiLeverGrid.Width("d_model", -1, 1);
        w.Points.Should().Equal(40, 64, 104);
        w.DistanceInSteps(64).Should().Be(0);
        w.DistanceInSteps(104 * 1.618033988749895 * 1.618033988749895).Should().BeApproximately(2, 1e-9);
        w.DistanceInSteps(256).Should().BeApproximately(Math.Log(256.0 / 104) / Math.Log(1.618033988749895), 1e-12);
        w.WithRestored([256]).DistanceInSteps(256).Should().Be(0, "a restored value is searched again");
        var lr = PhiLeverGrid.LearningRate("lr", 0.003, -1, 2);
        lr.Values.Should().HaveCount(4);
        lr.DistanceInSteps(0.003 * 1.618033988749895).Should().BeApproximately(0, 1e-9);
    }

    [Fact]
    public void The_committed_history_declares_the_grid_its_phi_core_uses_and_the_filter_admits_exactly_those_levers()
    {
        var table = HistoryTable.Load(RepoPaths.InRepo("data", "history"));
        var grid = PhiGridSpace.FromHistory(ReplayDriver.Replayable(table));
        grid.Levers.Select(l => l.Key).Should().Equal("d_model", "lr");
        grid.Levers[0].Points.Should().Equal(40, 64, 104);
        var core = table.Records.Where(r => r.Origin == PhiGridSpace.CoreOrigin).ToList();
        core.Should().OnlyContain(r => grid.Contains(r.Config));
        table.Records.Where(r => r.Config["d_model"] is "256" or "128").Should().NotContain(r => grid.Contains(r.Config));
    }
}
