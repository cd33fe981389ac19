using Needle.Core.Vectors;
using Needle.Search.Accelerators.Proxies;
using Needle.Search.Accelerators.Surrogate;
using Needle.Search.Compound;
using Needle.Search.History;
using Needle.Search.Replay;
using Needle.Search.Tests.Accelerators;

namespace Needle.Search.Tests.Compound;

/// <summary>
/// The vectors composed in the replay, on the committed history and the real XGBoost: V4 is cross-fitted (a
/// configuration's prediction never comes from a model that saw its final BPB), and in needle it only turns ASHA's
/// promotions at rung 2 into prunes; the what-if rows are built but are not needle.
/// </summary>
public sealed class CompoundVectorTests
{
    private static HistoryTable Committed() => HistoryTable.Load(Path.Combine(RepoPaths.Root, "data", "history"));

    private static IReadOnlyList<VectorState> OnlyV4Enabled() =>
        [.. VectorNames.All.Select(v => v.Id == "V4" ? new VectorState(v.Id, VectorSwitch.Enabled, "holds", null) : new VectorState(v.Id, VectorSwitch.Disabled, "refuted", null))];

    [Fact]
    public void The_replay_surrogate_never_predicts_a_configuration_with_a_model_that_saw_it()
    {
        V4SurrogateTests.RequireXgboost();
        var table = Committed();
        var proxies = ProxyCache.Read(Path.Combine(RepoPaths.Root, ProxyCache.HistoryCachePath));
        // Plant: the best configuration's final BPB made absurd. A model trained on it would move its prediction; the
        // cross-fitted one predicts it with the model of the other folds, which did not change.
        var best = ReplayDriver.Replayable(table).MinBy(r => r.AtRung(table.Horizon) ?? double.MaxValue)!;
        var planted = table with
        {
            Records = [.. table.Records.Select(r => r.ConfigId != best.ConfigId ? r
                : r with { RungBpb = new SortedDictionary<string, double>(r.RungBpb) { [table.Horizon.ToString(System.Globalization.CultureInfo.InvariantCulture)] = 9.0 } })],
        };
        using var honest = CrossFittedSurrogate.Train(table, proxies);
        using var cross = CrossFittedSurrogate.Train(planted, proxies);
        var p = cross.OutOfFold.Single(x => x.ConfigId == best.ConfigId);
        p.Actual.Should().Be(9.0);
        p.Predicted.Should().Be(honest.OutOfFold.Single(x => x.ConfigId == best.ConfigId).Predicted, "model k is trained on the other folds only");

        using var leaky = FinalBpbSurrogate.Train(planted, FinalBpbSurrogate.Judged(planted, _ => true), proxies, new XgbParameters());
        leaky.Judge(planted, [planted.Records.First(r => r.ConfigId == best.ConfigId)])[0].Predicted
            .Should().BeGreaterThan(p.Predicted + 0.5, "the witness: a model that saw the planted value does move (so the check can fail)");
        cross.Mae.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Needle_with_V4_only_turns_promotions_at_rung_2_into_prunes()
    {
        V4SurrogateTests.RequireXgboost();
        var table = Committed();
        using var context = new ReplayVectors.Context(table, RepoPaths.Root);
        var needle = new NeedleStrategies(OnlyV4Enabled(), context);
        needle.Used.Should().Equal("V4");
        needle.Names.Should().Equal("needle", "needle-minus-v4", "needle-plus-v2", "needle-plus-v3", "needle-plus-v5", "needle-plus-v6", "needle-v123");
        needle.V123Vectors.Should().Equal("V2", "V3");
        needle.V123IsWhatIf.Should().BeTrue("V2 and V3 are off: falsifier 1's pipeline is a what-if");

        var dir = Directory.CreateTempSubdirectory("needle-compound-").FullName;
        try
        {
            var runs = await CompoundReplay.RunAsync(table, ["needle", "needle-minus-v4"], needle, 1, 2, 0.02, dir);
            var with = runs.Single(r => r.Strategy == "needle").Decisions;
            var without = runs.Single(r => r.Strategy == "needle-minus-v4").Decisions;
            var i = 0;
            while (i < with.Count && i < without.Count && with[i] == without[i]) i++;
            i.Should().BeLessThan(with.Count, "the surrogate prunes something ASHA would have promoted");
            with[i].Rung.Should().Be(300, "V4 acts after rung 2 only");
            (with[i].Outcome, without[i].Outcome).Should().Be(("Stop", "Promote"));
            with[i].ConfigId.Should().Be(without[i].ConfigId);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
