using System.Security.Cryptography;
using Needle.Search.Accelerators.Proxies;
using Needle.Search.History;
using Needle.Search.Running;
using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Models;
using Needle.Training.Proxies;
using Needle.Training.Run;
using Needle.Testing;

namespace Needle.Search.Tests.Accelerators;

/// <summary>V2's proxies on real models and the real corpus, and the committed cache re-checked on a small instance.</summary>
public sealed class ZeroCostProxyTests
{
    private static readonly Lazy<HistorySpace> Space = new(() => HistorySpace.Load(RepoPaths.InRepo("spaces", "history.json")));
    private static readonly Lazy<ProxyCache> Cache = new(() => ProxyCache.Read(RepoPaths.InRepo(ProxyCache.HistoryCachePath)));
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load(RepoPaths.Corpus));

    private static TrainConfig ConfigOf(string id)
    {
        var c = Space.Value.Configs.Single(c => c.Id == id);
        return EngineTrialConfig.From(c.Spec(Space.Value.Seeds[0]), Space.Value.Horizon);
    }

    [Fact]
    public void The_committed_cache_covers_the_committed_space_by_hash()
    {
        var space = RepoPaths.InRepo("spaces", "history.json");
        Cache.Value.Header.SpaceSha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(space))),
            "the cache must be recomputed (`needle proxies --space spaces/history.json --out data/proxies/history-proxies.jsonl`) when the space changes");
        Cache.Value.Header.BatchSeed.Should().Be(Space.Value.MasterSeed);
        Cache.Value.Rows.Select(r => r.ConfigId).Should().BeEquivalentTo(Space.Value.Configs.Select(c => c.Id));
    }

    [Theory]
    [InlineData("H0001")] // attn
    [InlineData("H0037")] // HYBRID
    [InlineData("H0049")] // TRAIN_V2
    [InlineData("H0061")] // JEPA-T
    [InlineData("H0187")] // attn in FP8E4M3 (fake-quantised weights)
    public void A_fresh_computation_reproduces_the_cached_row(string id)
    {
        var fresh = ZeroCostProxies.Compute(ConfigOf(id), Corpus.Value, Space.Value.MasterSeed);
        var cached = Cache.Value.Find(id)!;
        foreach (var (name, value) in fresh)
            value.Should().BeApproximately(cached.Score(name), 1e-9 * Math.Max(1, Math.Abs(value)),
                $"{id} {name}: the cache is stale if this fails; recompute it with `needle proxies --space spaces/history.json --out {ProxyCache.HistoryCachePath}`");
    }

    [Fact]
    public void Every_proxy_leaves_the_weights_as_it_found_them_and_scores_a_wider_model_differently()
    {
        var config = ConfigOf("H0001");
        var batch = ProxyBatch.Real(Corpus.Value, config.Model.Ctx, Space.Value.MasterSeed);
        using var pool = new WorkerPool(1);
        using var model = (ModelBase)ModelFactory.CreateModel(config.Model, ProxyBatch.Sequences, config.Seed, pool);
        var before = model.Parameters.ToArray();
        var first = ZeroCostProxies.All.ToDictionary(p => p.Name, p => p.Score(model, batch));
        model.Parameters.ToArray().Should().Equal(before);
        model.LogitSumObjective.Should().BeFalse("synflow must switch its objective off again");
        ZeroCostProxies.All.ToDictionary(p => p.Name, p => p.Score(model, batch)).Should().Equal(first, "a proxy is a pure function of the model and batch");

        var wider = ZeroCostProxies.Compute(ConfigOf("H0019"), Corpus.Value, Space.Value.MasterSeed);
        foreach (var name in ZeroCostProxies.Candidates) wider[name].Should().NotBe(first[name], $"{name} must see the width");
    }

    [Fact]
    public void The_log_determinant_is_exact_on_a_known_matrix_and_minus_infinity_when_singular()
    {
        LogDeterminant.Symmetric([4, 2, 2, 3], 2).Should().BeApproximately(Math.Log(8), 1e-12);
        LogDeterminant.Symmetric([2, 2, 2, 2], 2).Should().Be(double.NegativeInfinity);
    }

    [Fact]
    public void The_filter_drops_the_bottom_half_and_keeps_ties_at_the_threshold()
    {
        var cache = SyntheticCache([0, 1, 2, 3, 5, 5, 6, 7, 8, 9]); // C4 ties with the threshold (rank 5)
        var filter = new ProxyFilter(cache, "synflow");
        filter.Threshold.Should().Be(5);
        cache.Rows.Where(r => filter.Admits(r.ConfigId)).Select(r => r.ConfigId).Should().Equal("C4", "C5", "C6", "C7", "C8", "C9");
        new ProxyFilter(cache, "synflow", 0).Admits("C0").Should().BeTrue();
        var missing = () => filter.Admits("nope");
        missing.Should().Throw<InvalidDataException>().WithMessage("*nope*needle proxies*");
    }

    [Fact]
    public void A_malformed_cache_line_is_reported_with_its_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"proxies-{Guid.NewGuid():N}.jsonl");
        try
        {
            SyntheticCache([1, 2]).Write(path);
            File.AppendAllText(path, "{\"config_id\":\"C9\",\"family\":\"attn\",\"seed\":42,\"scores\":{\"synflow\":\"x\"}}\n");
            var read = () => ProxyCache.Read(path);
            read.Should().Throw<InvalidDataException>().WithMessage($"{path}:4:*");
            var absent = () => ProxyCache.Read(path + ".absent");
            absent.Should().Throw<FileNotFoundException>().WithMessage("*needle proxies --space*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static ProxyCache SyntheticCache(IReadOnlyList<double> scores) => new(new ProxyCacheHeader
    {
        Space = "synthetic", SpaceSha256 = new string('0', 64), Commit = "synthetic", BatchSeed = 1, BatchSequences = 1, Command = "test",
    }, [.. scores.Select((s, i) => new ProxyRow
    {
        ConfigId = $"C{i}", Family = "attn", Seed = 42,
        Scores = new SortedDictionary<string, double?>(StringComparer.Ordinal) { ["synflow"] = s },
    })]);
}
