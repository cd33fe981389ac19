using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Mup;
using Needle.Training.Run;

namespace Needle.Training.Tests.Mup;

/// <summary>The learning-rate transfer sweep: a tiny instance of the same code path, and a cheap re-check of the
/// committed table (one of its cached points re-trained from scratch must give the cached BPB).</summary>
public sealed class LrTransferTests
{
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load(RepoPaths.Corpus));

    [Fact]
    public void A_tiny_sweep_trains_every_grid_point_under_both_parametrizations_and_its_table_round_trips()
    {
        var settings = new LrTransferSettings
        {
            Model = new LrTransferSettings().Model with { Ctx = 16, MupBaseWidth = 8 },
            Widths = [8, 16], LowestK = -1, HighestK = 1, Steps = 12, Batch = 2, Threads = 1,
        };
        var result = LrTransfer.Run(settings, Corpus.Value, "test");
        result.Points.Should().HaveCount(2 * 2 * 3);
        result.Points.Should().OnlyContain(p => double.IsFinite(p.ValBpb) && p.ValBpb > 0);
        result.Points.Select(p => p.Lr).Distinct().Should().HaveCount(3, "three grid learning rates, shared by every width");
        var sp8 = result.Points.Where(p => p is { Parametrization: "sp", Width: 8 }).Select(p => p.ValBpb).ToArray();
        sp8.Distinct().Should().HaveCount(3, "the grid's lr reaches the optimiser");
        // The table's figure is what training that configuration gives (no other arithmetic in between).
        using (var direct = new Trainer(settings.RunAt(Parametrization.Mup, 16, 1), Corpus.Value))
            result.Points.Single(p => p is { Parametrization: "mup", Width: 16, K: 1 }).ValBpb.Should().Be(direct.Run(cancel: TestContext.Current.CancellationToken).ValBpb);
        LrTransferResult.FromJson(result.ToJson(), "round trip").Points.Should().Equal(result.Points);
        result.Optima.Should().HaveCount(2).And.OnlyContain(o => o.BestKByWidth.Count == 2 && o.BestKByWidth.Values.All(k => k >= -1 && k <= 1));
    }

    [Fact]
    public void The_committed_table_is_the_default_sweep_and_one_of_its_points_reproduces()
    {
        var path = RepoPaths.InRepo(V1FalsificationSuite.TransferTable);
        var table = LrTransferResult.FromJson(File.ReadAllText(path), path);
        var defaults = new LrTransferSettings();
        table.Settings.Should().BeEquivalentTo(defaults, o => o.Excluding(s => s.Threads), "the table is what `needle coord-check --lr-transfer` writes");
        table.Points.Should().HaveCount(2 * defaults.Widths.Count * defaults.GridK.Count);
        // Re-train the proxy-width muP point at its optimum (≈ 5 s): the cached BPB must come back.
        var best = table.Points.Where(p => p is { Parametrization: "mup" } && p.Width == defaults.Widths.Min()).MinBy(p => p.ValBpb)!;
        using var trainer = new Trainer(defaults.RunAt(Parametrization.Mup, best.Width, best.K), Corpus.Value);
        trainer.Run(cancel: TestContext.Current.CancellationToken).ValBpb.Should().BeApproximately(best.ValBpb, 2e-3, "same config, seed and code → the same run (tolerance: SIMD paths of other CPUs)");
    }
}
