using MathNet.Numerics.Statistics;
using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// V2, zero-cost proxies (Empirical, INV-22; Coq <c>v2_holds</c>): on the history's held-out fold (at least
/// <see cref="MinimumSample"/> configurations) the best proxy's Spearman ρ with rung-2 BPB reaches
/// <see cref="MinimumSpearman"/> and beats the parameter-count baseline's ρ (falsifier mode 1).
/// </summary>
[Invariant("INV-22")]
public sealed class V2ZeroCostProxies : IEmpiricalClaim
{
    /// <summary>The pre-registered floor on ρ (Coq <c>v2_min_spearman</c>).</summary>
    public const double MinimumSpearman = 0.5;

    /// <summary>Configurations of the held-out fold needed for a verdict (Coq <c>v2_min_sample</c>).</summary>
    public const int MinimumSample = 40;

    public string Vector => "V2";

    public IReadOnlyList<string> StatisticNames { get; } = ["rho_best_proxy", "rho_param_count", "sample"];

    /// <summary>
    /// Spearman's ρ between proxy scores and −BPB (a higher score must predict a lower BPB; MathNet, ties ranked
    /// by their average).
    /// </summary>
    public static double Rho(IReadOnlyList<double> proxyScores, IReadOnlyList<double> bpb)
    {
        if (proxyScores.Count != bpb.Count)
            throw new ArgumentException($"{proxyScores.Count} proxy scores but {bpb.Count} BPBs: pair each configuration with both.");
        if (proxyScores.Count < 2) throw new ArgumentException("ρ needs at least two configurations.");
        if (proxyScores.Concat(bpb).Any(v => !double.IsFinite(v))) throw new ArgumentException("A proxy score or BPB is not finite.");
        return Correlation.Spearman(proxyScores, bpb.Select(b => -b));
    }

    public static bool Holds(double rhoBestProxy, double rhoParamCount, int sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        return rhoBestProxy >= MinimumSpearman && rhoBestProxy > rhoParamCount && sample >= MinimumSample;
    }

    public bool Holds(IReadOnlyDictionary<string, double> statistic) =>
        Holds(EmpiricalStatistic.Real(statistic, Vector, "rho_best_proxy"), EmpiricalStatistic.Real(statistic, Vector, "rho_param_count"),
            EmpiricalStatistic.Count(statistic, Vector, "sample"));
}
