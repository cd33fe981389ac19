using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;
using Needle.Search.History;

namespace Needle.Search.Accelerators.Proxies;

/// <summary>
/// V2's falsification suite (`needle falsify --only v2`): synthetic folds the gate must reject for the stated
/// reason — falsifier mode 1's bias regression (proxy scores high, rung-2 BPB at baseline), a proxy no better than the
/// parameter count, a fold below the pre-registered size, and a proxy whose promotions fail the full rung — after a
/// control fold is shown to pass; then the real verdict on the committed history and proxy cache, written to
/// assertions/evidence/V2.json.
/// </summary>
public sealed class V2FalsificationSuite : IFalsificationSuite
{
    private readonly string? _evidenceDirectory;

    public V2FalsificationSuite() { }

    /// <summary>Writes the evidence into <paramref name="evidenceDirectory"/> instead of the checkout's (tests).</summary>
    public V2FalsificationSuite(string evidenceDirectory) => _evidenceDirectory = evidenceDirectory;

    public string Name => "v2";
    public string Vector => "V2";

    /// <summary>Size of the synthetic folds: above the pre-registered minimum, as a full fold 0 would be.</summary>
    public const int SyntheticFold = 50;

    public IReadOnlyList<WitnessResult> Run(FalsificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<WitnessResult>();
        var control = ProxyGate.Evaluate(Control());
        results.Add(new WitnessResult("control (proxy tracks rung-2 BPB, params does not)", "gate holds", Rejected: !control.Holds,
            RightReason: control.Holds, ObservedReason: control.Reason) { Passed = control.Holds });

        results.Add(Gate("bias-regression (mode 1): proxy scores high, rung-2 BPB at baseline", V2Failure.BelowThreshold, BiasRegression()));
        results.Add(Gate("proxy no better than the parameter count", V2Failure.NotAboveParameterBaseline, ParamsInDisguise()));
        results.Add(Gate($"fold of {V2ZeroCostProxies.MinimumSample - 1} configurations", V2Failure.TooFewConfigurations,
            [.. Control().Take(V2ZeroCostProxies.MinimumSample - 1)]));

        var goodPromotion = Promotion(proxyFollowsQuality: true);
        results.Add(new WitnessResult("promotion control (proxy promotes the better half)", "failing share ≤ 30%", !goodPromotion.WithinPlan,
            goodPromotion.WithinPlan, Describe(goodPromotion)) { Passed = goodPromotion.WithinPlan });
        var badPromotion = Promotion(proxyFollowsQuality: false);
        results.Add(new WitnessResult("promotions that fail the full rung (H falsifier 2)", "failing share > 30%", !badPromotion.WithinPlan,
            badPromotion.FailingShare > PromotionOutcome.MaximumFailingShare, Describe(badPromotion)));

        results.Add(RealVerdict(context));
        return results;
    }

    private static WitnessResult Gate(string name, V2Failure expected, IReadOnlyList<(ProxyRow, double)> fold)
    {
        var r = ProxyGate.Evaluate(fold);
        return new WitnessResult(name, $"gate refuted for {expected}", Rejected: !r.Holds, RightReason: r.Failures.Contains(expected),
            ObservedReason: $"{(r.Holds ? "holds" : "refuted")}: {r.Reason} [{string.Join(", ", r.Failures)}]");
    }

    /// <summary>The real verdict: fold 0 of the committed history against the committed cache, recorded as evidence.</summary>
    private WitnessResult RealVerdict(FalsificationContext context)
    {
        var historyDir = Path.Combine(context.RepositoryRoot, "data", "history");
        var cachePath = Path.Combine(context.RepositoryRoot, ProxyCache.HistoryCachePath);
        var table = HistoryTable.Load(historyDir);
        var cache = ProxyCache.Read(cachePath);
        var result = ProxyGate.Evaluate(ProxyGate.HeldOut(table, cache));
        var promotion = PromotionOutcome.Measure(table, cache, result.BestProxy);
        var verdict = Verdict(result);
        var rhos = new JsonObject();
        foreach (var c in result.Correlations) rhos[c.Proxy] = c.Rho;
        var details = new JsonObject
        {
            ["exported_trials"] = table.Manifest.ExportedTrials, ["partial_history"] = table.Manifest.Partial, ["rung"] = table.Manifest.Ladder[1],
            ["rho"] = rhos, ["best_proxy"] = result.BestProxy, ["determinable"] = verdict.Determinable,
            ["promotion"] = new JsonObject
            {
                ["proxy"] = promotion.Proxy, ["judged_folds"] = "1-4", ["judged"] = promotion.Judged, ["promoted"] = promotion.Promoted,
                ["promoted_failing"] = promotion.PromotedFailing, ["failing_share"] = promotion.FailingShare, ["within_plan"] = promotion.WithinPlan,
            },
        };
        var written = EvidenceFile.Write(_evidenceDirectory ?? Path.Combine(context.RepositoryRoot, "assertions", "evidence"), context.RepositoryRoot,
            new V2ZeroCostProxies(), "INV-22", "needle falsify --only v2",
            new Dictionary<string, string>
            {
                ["history.jsonl"] = EvidenceFile.Sha256Of(Path.Combine(historyDir, HistoryTable.LinesFile)),
                ["history-proxies.jsonl"] = EvidenceFile.Sha256Of(cachePath),
            },
            result.Statistic, "needle falsify --only v2", verdict.Reason + ". " + Describe(promotion), details);
        return new WitnessResult($"real data: fold 0 of the history export ({table.Manifest.ExportedTrials} trials)", "verdict recorded in assertions/evidence/V2.json",
            Rejected: !result.Holds, RightReason: true, ObservedReason: $"{written}: {verdict}; {Describe(promotion)}") { Passed = true };
    }

    /// <summary>The vector's state from a gate result (what the compound strategy consumes).</summary>
    public static PredictorVerdict Verdict(ProxyGateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new PredictorVerdict("V2", result.Holds, !result.Failures.Contains(V2Failure.TooFewConfigurations), result.Reason);
    }

    private static string Describe(PromotionOutcome p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.PromotedFailing} of {p.Promoted} configurations promoted by {p.Proxy} fail the full rung ({p.FailingShare:0.0%}; plan ≤ 30%)");

    // Synthetic folds: configuration i has quality i (higher = better); every draw comes from one seeded stream per fold.

    private static ProxyRow Row(int i, double synflow, double gradNorm, double snip, double naswot, double parameters) => new()
    {
        ConfigId = string.Create(CultureInfo.InvariantCulture, $"W{i:D3}"), Family = "attn", Seed = 42,
        Scores = new SortedDictionary<string, double?>(StringComparer.Ordinal)
        {
            ["synflow"] = synflow, ["grad_norm"] = gradNorm, ["snip"] = snip, ["naswot"] = naswot, ["params"] = parameters, ["flops_per_token"] = 2 * parameters,
        },
    };

    private static double[] Permutation(Random r) { var p = Enumerable.Range(0, SyntheticFold).Select(i => (double)i).ToArray(); r.Shuffle(p); return p; }

    /// <summary>Synflow follows quality (plus noise); the other proxies and params are unrelated to it.</summary>
    private static IReadOnlyList<(ProxyRow, double)> Control()
    {
        var r = new Random(1);
        var (g, s, n, p) = (Permutation(r), Permutation(r), Permutation(r), Permutation(r));
        return [.. Enumerable.Range(0, SyntheticFold).Select(i =>
            (Row(i, 1000 + i + r.NextDouble(), g[i], s[i], n[i], 10_000 + 1000 * p[i]), 3.0 - 0.01 * i + 0.002 * r.NextDouble()))];
    }

    /// <summary>Mode 1: every candidate proxy scores the fold far above the control's range, but rung-2 BPB sits at the baseline level with noise unrelated to the scores.</summary>
    private static IReadOnlyList<(ProxyRow, double)> BiasRegression()
    {
        var r = new Random(2);
        var p = Permutation(r);
        return [.. Enumerable.Range(0, SyntheticFold).Select(i =>
            (Row(i, 1e9 + r.NextDouble(), 1e9 + r.NextDouble(), 1e9 + r.NextDouble(), 1e9 + r.NextDouble(), 10_000 + 1000 * p[i]), 3.0 + 0.01 * r.NextDouble()))];
    }

    /// <summary>A proxy that is the parameter count under another name, on a fold where size does predict BPB.</summary>
    private static IReadOnlyList<(ProxyRow, double)> ParamsInDisguise()
    {
        var r = new Random(3);
        var (g, s, n) = (Permutation(r), Permutation(r), Permutation(r));
        return [.. Enumerable.Range(0, SyntheticFold).Select(i =>
            (Row(i, 10_000 + 1000.0 * i, g[i], s[i], n[i], 10_000 + 1000.0 * i), 3.0 - 0.01 * i))];
    }

    /// <summary>50 judged configurations, final BPB improving with i; the proxy promotes either the better or the worse half.</summary>
    private static PromotionOutcome Promotion(bool proxyFollowsQuality)
    {
        var rows = Enumerable.Range(0, SyntheticFold).Select(i => Row(i, proxyFollowsQuality ? i : -i, 0, 0, 0, 1)).ToList();
        var cache = new ProxyCache(new ProxyCacheHeader
        {
            Space = "synthetic", SpaceSha256 = new string('0', 64), Commit = "synthetic", BatchSeed = 0, BatchSequences = 0, Command = "synthetic",
        }, rows);
        var judged = rows.Select((row, i) => (row.ConfigId, (double?)(3.0 - 0.01 * i))).ToList();
        return PromotionOutcome.Measure(judged, new ProxyFilter(cache, "synflow"), "synflow");
    }
}
