using System.Text.Json;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;
using Needle.Search.Accelerators.Proxies;
using Needle.Search.Accelerators.Surrogate;
using Needle.Search.History;
using Needle.Testing;

namespace Needle.Search.Tests.Accelerators;

/// <summary>V4 on the real XGBoost (libxgboost0) and the committed history.</summary>
public sealed class V4SurrogateTests
{
    internal static void RequireXgboost() =>
        NativeTool.Require(XgboostLibraryProbe.Available, $"XGBoost's C library ({XgboostLibraryProbe.Package})", XgboostLibraryProbe.InstallHint);

    [Fact]
    public void Xgboost_learns_a_step_function_and_gives_the_same_model_twice()
    {
        RequireXgboost();
        var rows = Enumerable.Range(0, 60).Select(i => new[] { i / 60.0, (i * 7 % 13) / 13.0 }).ToList();
        var targets = rows.Select(r => r[0] < 0.5 ? 1.0 : 3.0).ToList();
        using var a = XgbRegressor.Train(rows, targets, new XgbParameters());
        using var b = XgbRegressor.Train(rows, targets, new XgbParameters());
        var pa = a.Predict(rows);
        pa.Should().Equal(b.Predict(rows), "one thread, a fixed seed and exact splits make training deterministic");
        pa.Zip(targets).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 0.05);
        a.Predict([[0.1, double.NaN], [0.9, double.NaN]]).Should().SatisfyRespectively(
            low => low.Should().BeApproximately(1, 0.05), high => high.Should().BeApproximately(3, 0.05));
        XgbRegressor.LibraryVersion.Should().StartWith("1.7");
    }

    [Fact]
    public void Pruning_takes_the_highest_predictions_and_counts_the_true_best_it_lost()
    {
        var judged = Enumerable.Range(0, 10).Select(i => new SurrogatePrediction($"C{i}", Predicted: 10 - i, Actual: i, BpbAtRung2: i + 1)).ToList();
        // Predictions inverted: the 6 highest predicted are C0..C5, the truly best.
        SurrogatePruning.Pruned([.. judged.Select(j => (j.ConfigId, j.Predicted))]).Should().BeEquivalentTo(["C0", "C1", "C2", "C3", "C4", "C5"]);
        var bad = SurrogatePruning.Regret(judged);
        bad.TopPruned.Should().Be(5);
        bad.RegretBpb.Should().Be(6);
        var good = SurrogatePruning.Regret([.. judged.Select(j => j with { Predicted = j.Actual })]);
        (good.TopPruned, good.RegretBpb).Should().Be((1, 0.0), "pruning 6 of 10 keeps 4: the fifth best goes even with perfect predictions");
        SurrogatePruning.Regret([.. judged.Select(j => j with { Predicted = j.Actual })], topK: 4).TopPruned.Should().Be(0);
    }

    [Fact]
    public void Features_exist_only_from_rung_2_and_the_slope_is_least_squares_in_log_step()
    {
        var row = new ProxyRow
        {
            ConfigId = "X", Family = "attn", Seed = 42,
            Scores = new SortedDictionary<string, double?>(StringComparer.Ordinal)
            {
                ["synflow"] = 100, ["grad_norm"] = 1, ["snip"] = 2, ["naswot"] = null, ["params"] = 1000, ["flops_per_token"] = 2000,
            },
        };
        var config = new Dictionary<string, string> { ["lr"] = "0.001", ["d_model"] = "64", ["schedule"] = "wsd" };
        var curve = new List<(long, double)> { (100, 3.0), (200, 3.0 - Math.Log(2)), (300, 3.0 - Math.Log(3)) };
        SurrogateFeatures.Of("attn", config, curve.Take(2).ToList(), 100, 300, row).Should().BeNull("no prediction before rung 2");
        var f = SurrogateFeatures.Of("attn", config, curve, 100, 300, row)!;
        f.Should().HaveCount(SurrogateFeatures.Names.Count);
        double At(string name) => f[SurrogateFeatures.Names.ToList().IndexOf(name)];
        At("slope_per_ln_step").Should().BeApproximately(-1, 1e-12);
        (At("family_attn"), At("family_HYBRID"), At("schedule_wsd"), At("log10_lr"), At("log10_synflow")).Should().Be((1.0, 0.0, 1.0, -3.0, 2.0));
        double.IsNaN(At("naswot")).Should().BeTrue("a singular NASWOT kernel is missing to XGBoost");
        double.IsNaN(At("layers")).Should().BeTrue("an absent lever is missing, not zero");
    }

    [Fact]
    public void The_surrogate_never_reads_a_held_out_curve_past_rung_2()
    {
        RequireXgboost();
        var table = HistoryTable.Load(RepoPaths.InRepo("data", "history"));
        var cache = ProxyCache.Read(RepoPaths.InRepo(ProxyCache.HistoryCachePath));
        using var surrogate = FinalBpbSurrogate.TrainOnFolds1To4(table, cache);
        var record = FinalBpbSurrogate.Judged(table, f => f == 0).First();
        var full = surrogate.Judge(table, [record]).Single().Predicted;
        var cut = record with { Curve = [.. record.Curve.Where(p => p[0] <= table.Manifest.Ladder[1])] };
        surrogate.Judge(table, [cut]).Single().Predicted.Should().Be(full);
        surrogate.Predict(record, [.. record.Curve.Where(p => p[0] < table.Manifest.Ladder[1]).Select(p => ((long)p[0], p[1]))]).Should().BeNull();
    }
}

[Trait(TestCategories.Key, TestCategories.Falsification)]
[Trait(TestCategories.VectorKey, "V4")]
public sealed class V4FalsificationTests
{
    [Fact]
    public void Every_witness_is_rejected_for_its_mae_and_the_real_verdict_is_the_predicates()
    {
        V4SurrogateTests.RequireXgboost();
        var evidence = Directory.CreateTempSubdirectory("v4-evidence").FullName;
        try
        {
            var results = new V4FalsificationSuite(evidence).Run(new FalsificationContext(RepoPaths.Root, Path.Combine(evidence, "scratch")));
            results.Where(r => !r.Passed).Select(r => $"{r.Witness}: {r.ObservedReason}").Should().BeEmpty();
            results.Count(r => r.Rejected && r.RightReason && !r.Witness.StartsWith("real", StringComparison.Ordinal)).Should().Be(2);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(evidence, "V4.json")));
            var mae = doc.RootElement.GetProperty("statistic").GetProperty("mae_fold0").GetDouble();
            doc.RootElement.GetProperty("verdict").GetString().Should().Be(V4SurrogateAccuracy.Holds(mae) ? "holds" : "refuted");
            doc.RootElement.GetProperty("details").GetProperty("xgboost").GetString().Should().StartWith("1.7");
        }
        finally
        {
            Directory.Delete(evidence, recursive: true);
        }
    }
}
