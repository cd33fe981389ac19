using System.Globalization;
using Needle.Core.Preregistration;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Proxies;

/// <summary>Why a V2 gate did not hold (each is one pre-registered condition of <see cref="V2ZeroCostProxies"/>).</summary>
public enum V2Failure { TooFewConfigurations, BelowThreshold, NotAboveParameterBaseline }

/// <summary>One proxy's Spearman ρ with −(rung-2 BPB) on the judged configurations.</summary>
public sealed record ProxyCorrelation(string Proxy, double Rho);

/// <summary>
/// The V2 gate's measurement: every proxy's ρ side by side (the four candidates and the two baselines), the best
/// candidate, the pre-registered verdict and which conditions failed.
/// </summary>
public sealed record ProxyGateResult(
    int Sample, IReadOnlyList<ProxyCorrelation> Correlations, string BestProxy, double RhoBest, double RhoParams,
    bool Holds, IReadOnlyList<V2Failure> Failures)
{
    /// <summary>The statistic the evidence file records (field names of <see cref="V2ZeroCostProxies.StatisticNames"/>).</summary>
    public IReadOnlyDictionary<string, double> Statistic => new Dictionary<string, double>
    {
        ["rho_best_proxy"] = RhoBest, ["rho_param_count"] = RhoParams, ["sample"] = Sample,
    };

    /// <summary>The reason in words (what a vector state shows).</summary>
    public string Reason => Holds
        ? Inv($"{BestProxy} ρ = {RhoBest:0.###} ≥ {V2ZeroCostProxies.MinimumSpearman} and above params' ρ = {RhoParams:0.###} on {Sample} held-out configurations")
        : Failures.Contains(V2Failure.TooFewConfigurations)
            ? Inv($"not determinable: fold 0 has {Sample} configurations with a rung-2 BPB, fewer than the {V2ZeroCostProxies.MinimumSample} pre-registered (best {BestProxy} ρ = {RhoBest:0.###}, params ρ = {RhoParams:0.###} on them)")
            : string.Join("; ", Failures.Select(f => f switch
            {
                V2Failure.BelowThreshold => Inv($"best proxy {BestProxy} ρ = {RhoBest:0.###} < {V2ZeroCostProxies.MinimumSpearman}"),
                _ => Inv($"best proxy {BestProxy} ρ = {RhoBest:0.###} is not above the parameter-count baseline's ρ = {RhoParams:0.###}"),
            })) + Inv($" (n = {Sample})");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// V2's pre-registered gate: on the history's held-out fold 0, Spearman ρ of each proxy against rung-2 (whole-split)
/// BPB; the best of the four candidates must reach 0.5 and beat the parameter count's ρ, on ≥ 40 configurations.
/// </summary>
public static class ProxyGate
{
    public const int HeldOutFold = 0;

    /// <summary>The proxies the gate reports: the four candidates, then the baselines.</summary>
    public static IReadOnlyList<string> Reported { get; } = ["synflow", "grad_norm", "snip", "naswot", "params", "flops_per_token"];

    public static IReadOnlyList<string> Candidates { get; } = ["synflow", "grad_norm", "snip", "naswot"];

    /// <summary>Fold 0's configurations that reached rung 2, each with its cached proxies and its rung-2 BPB.</summary>
    public static IReadOnlyList<(ProxyRow Proxies, double Bpb)> HeldOut(HistoryTable table, ProxyCache cache)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rung2 = table.Manifest.Ladder[1];
        return [.. ReplayDriver.Replayable(table)
            .Where(r => r.Fold == HeldOutFold && r.AtRung(rung2) is not null)
            .Select(r => (cache.Find(r.ConfigId) ?? throw new InvalidDataException(
                $"{ProxyCache.HistoryCachePath}: no proxies for {r.ConfigId}; recompute the cache with `needle proxies --space spaces/history.json --out {ProxyCache.HistoryCachePath}`"),
                r.AtRung(rung2)!.Value))];
    }

    public static ProxyGateResult Evaluate(IReadOnlyList<(ProxyRow Proxies, double Bpb)> judged)
    {
        ArgumentNullException.ThrowIfNull(judged);
        var bpb = judged.Select(j => j.Bpb).ToList();
        var correlations = Reported.Select(p => new ProxyCorrelation(p, Rho([.. judged.Select(j => j.Proxies.Score(p))], bpb))).ToList();
        var best = correlations.Where(c => Candidates.Contains(c.Proxy)).MaxBy(c => c.Rho)!;
        var rhoParams = correlations.Single(c => c.Proxy == "params").Rho;
        var failures = new List<V2Failure>();
        if (judged.Count < V2ZeroCostProxies.MinimumSample) failures.Add(V2Failure.TooFewConfigurations);
        if (best.Rho < V2ZeroCostProxies.MinimumSpearman) failures.Add(V2Failure.BelowThreshold);
        if (!(best.Rho > rhoParams)) failures.Add(V2Failure.NotAboveParameterBaseline);
        var holds = V2ZeroCostProxies.Holds(best.Rho, rhoParams, judged.Count);
        if (holds != (failures.Count == 0))
            throw new InvalidOperationException("the gate's conditions and the pre-registered predicate disagree; one of them is wrong");
        return new ProxyGateResult(judged.Count, correlations, best.Proxy, best.Rho, rhoParams, holds, failures);
    }

    /// <summary>
    /// ρ(score, −BPB) by the pre-registered <see cref="V2ZeroCostProxies.Rho"/>. A −∞ score (NASWOT's singular kernel)
    /// ranks below every finite one; a constant score carries no ranking and counts as ρ = 0; fewer than two
    /// configurations: 0.
    /// </summary>
    public static double Rho(IReadOnlyList<double> scores, IReadOnlyList<double> bpb)
    {
        if (scores.Count < 2) return 0;
        var finite = scores.Where(double.IsFinite).ToList();
        var floor = finite.Count == 0 ? 0 : finite.Min() - 1;
        var ranked = scores.Select(s => double.IsNegativeInfinity(s) ? floor : s).ToList();
        var rho = V2ZeroCostProxies.Rho(ranked, bpb);
        return double.IsFinite(rho) ? rho : 0;
    }
}
