using Needle.Search.Curves;
using Needle.Search.History;
using Needle.Search.Hunt;
using Needle.Search.Running;
using Needle.Search.Seeds;
using Needle.Search.Tests.Running;

namespace Needle.Search.Tests.Curves;

public sealed class HistoryFinalPredictorTests
{
    private static readonly Lazy<HistoryTable> Table = new(() => HistoryTable.Load(RepoPaths.InRepo("data", "history")));

    [Fact]
    public void Predicts_only_at_a_rung_the_history_calibrates_and_for_a_family_it_holds()
    {
        var predictor = new HistoryFinalPredictor(Table.Value);
        // 900 of 2700 and 1000 of 3000 are the same fraction of the horizon; 500 of 2000 is not a history rung's.
        var same = predictor.Predict("TRAIN_V2", 900, 2700, 2.9).Should().BeOfType<FinalForecast.Predicted>().Subject;
        predictor.Predict("train_v2", 1000, 3000, 2.9).Should().BeOfType<FinalForecast.Predicted>().Which.Value.Should().Be(same.Value);
        predictor.Predict("TRAIN_V2", 500, 2000, 2.9).Should().BeOfType<FinalForecast.InsufficientEvidence>()
            .Which.Reason.Should().Contain("no history calibration for rung 500 of horizon 2000");
        predictor.Predict("NOPE", 900, 2700, 2.9).Should().BeOfType<FinalForecast.InsufficientEvidence>().Which.Reason.Should().Contain("'NOPE'");
        same.Interval.Contains(same.Value).Should().BeTrue();
        same.Basis.Should().Contain("TRAIN_V2, rung 900/2700");
    }

    [Fact]
    public void A_lower_BPB_at_the_rung_predicts_a_lower_final_BPB()
    {
        var predictor = new HistoryFinalPredictor(Table.Value);
        foreach (var family in new[] { "attn", "HYBRID", "TRAIN_V2", "JEPA-T" })
        foreach (var rung in new long[] { 300, 900 })
        {
            var low = (FinalForecast.Predicted)predictor.Predict(family, rung, 2700, 2.6);
            var high = (FinalForecast.Predicted)predictor.Predict(family, rung, 2700, 3.0);
            low.Value.Should().BeLessThan(high.Value, $"{family} at rung {rung}: the history's later BPB rises with the earlier");
        }
    }

    [Fact]
    public void Hunt_status_with_the_history_ranks_seeds_by_their_calibrated_prediction()
    {
        using var f = new RaceFixture("""
            { "name": "hunt", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 7, "seeds": [1],
              "configs": [ { "synthetic.binf": 2.60, "synthetic.a": 4, "synthetic.p": 0.5, "synthetic.noise": 0.002 },
                           { "synthetic.binf": 2.75, "synthetic.a": 4, "synthetic.p": 0.5, "synthetic.noise": 0.002 } ] }
            """);
        foreach (var t in f.Storage.GetTrials(f.Study.Id))
        {
            var curve = SyntheticCurve.For(t.Spec);
            for (long step = 50; step <= 900; step += 50) f.Storage.AddReport(t.Id, step, curve.At(step), f.Time.GetUtcNow());
        }
        var rows = new SeedHunt(f.Storage, f.Study, f.Time, predictor: new HistoryFinalPredictor(Table.Value)).Status(900);
        rows.Should().HaveCount(2);
        rows.Should().OnlyContain(r => r.Final is FinalForecast.Predicted);
        var best = rows.MinBy(r => ((FinalForecast.Predicted)r.Final!).Value)!;
        best.Canon.Should().Contain("E0007");
        best.Assessment.State.Should().Be(SeedState.Leading);
        rows.Single(r => r != best).Assessment.Delta.Should().BeApproximately(
            ((FinalForecast.Predicted)rows.Single(r => r != best).Final!).Value - ((FinalForecast.Predicted)best.Final!).Value, 1e-12);
    }
}
