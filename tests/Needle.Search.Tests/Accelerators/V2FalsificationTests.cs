using System.Text.Json;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;
using Needle.Search.Accelerators.Proxies;
using Needle.Testing;

namespace Needle.Search.Tests.Accelerators;

[Trait(TestCategories.Key, TestCategories.Falsification)]
[Trait(TestCategories.VectorKey, "V2")]
public sealed class V2FalsificationTests
{
    [Fact]
    public void Every_witness_is_rejected_for_its_reason_and_the_real_verdict_is_the_predicates()
    {
        var evidence = Directory.CreateTempSubdirectory("v2-evidence").FullName;
        try
        {
            var results = new V2FalsificationSuite(evidence).Run(new FalsificationContext(RepoPaths.Root, Path.Combine(evidence, "scratch")));
            results.Where(r => !r.Passed).Select(r => $"{r.Witness}: {r.ObservedReason}").Should().BeEmpty();
            results.Should().Contain(r => r.Witness.StartsWith("bias-regression", StringComparison.Ordinal) && r.Rejected && r.RightReason);

            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(evidence, "V2.json")));
            var stat = doc.RootElement.GetProperty("statistic").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var expected = new V2ZeroCostProxies().Holds(stat) ? "holds" : "refuted";
            doc.RootElement.GetProperty("verdict").GetString().Should().Be(expected);
            doc.RootElement.GetProperty("inputs").EnumerateObject().Should().HaveCount(2);
        }
        finally
        {
            Directory.Delete(evidence, recursive: true);
        }
    }

    [Fact]
    public void The_gate_on_the_committed_history_reports_every_proxy_and_the_baselines()
    {
        var table = Needle.Search.History.HistoryTable.Load(RepoPaths.InRepo("data", "history"));
        var cache = ProxyCache.Read(RepoPaths.InRepo(ProxyCache.HistoryCachePath));
        var held = ProxyGate.HeldOut(table, cache);
        held.Should().OnlyContain(h => table.Records.Single(r => r.ConfigId == h.Proxies.ConfigId && r.Seed == h.Proxies.Seed).Fold == 0);
        var result = ProxyGate.Evaluate(held);
        result.Correlations.Select(c => c.Proxy).Should().Equal("synflow", "grad_norm", "snip", "naswot", "params", "flops_per_token");
        result.Correlations.Should().OnlyContain(c => c.Rho >= -1 && c.Rho <= 1);
        (result.Sample >= V2ZeroCostProxies.MinimumSample || !V2FalsificationSuite.Verdict(result).Determinable).Should().BeTrue();
    }
}
