using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Proxies;

/// <summary>
/// The plan's hypothesis falsifier 2 measured on the history: among the configurations a proxy promotes (admits past
/// the pre-training filter), the share that fail their full-rung evaluation.
/// <para>Precisely: the judged set is every configuration of folds 1–4 (fold 0 chose the best proxy, so it is not
/// reused to judge it) that completed or diverged in the history. "Promoted" = admitted by <see cref="ProxyFilter"/>
/// with the given proxy and drop share (its threshold is the quantile over the whole cached space). "Fails its
/// full-rung evaluation" = diverged before the last rung, or a last-rung BPB worse than the median last-rung BPB of
/// the judged set (it would not survive a halving at the full rung). Random promotion fails about half the time;
/// the plan requires ≤ 30%.</para>
/// </summary>
public sealed record PromotionOutcome(string Proxy, int Judged, int Promoted, int PromotedFailing, double MedianFinalBpb)
{
    public const double MaximumFailingShare = 0.30;

    public double FailingShare => Promoted == 0 ? 0 : (double)PromotedFailing / Promoted;

    public bool WithinPlan => Promoted > 0 && FailingShare <= MaximumFailingShare;

    public static PromotionOutcome Measure(HistoryTable table, ProxyCache cache, string proxy, double dropShare = ProxyFilter.DefaultDropShare)
    {
        ArgumentNullException.ThrowIfNull(table);
        var judged = ReplayDriver.Replayable(table).Where(r => r.Fold != ProxyGate.HeldOutFold)
            .Select(r => (Id: r.ConfigId, Final: r.AtRung(table.Horizon))).ToList();
        return Measure(judged, new ProxyFilter(cache, proxy, dropShare), proxy);
    }

    /// <summary>The same measure on any judged set (final null = diverged).</summary>
    public static PromotionOutcome Measure(IReadOnlyList<(string Id, double? Final)> judged, ProxyFilter filter, string proxy)
    {
        ArgumentNullException.ThrowIfNull(judged);
        ArgumentNullException.ThrowIfNull(filter);
        var finals = judged.Where(j => j.Final is not null).Select(j => j.Final!.Value).Order().ToList();
        var median = finals.Count == 0 ? double.NaN : ReplayBenchmark.Quantile(finals, 0.5);
        var promoted = judged.Where(j => filter.Admits(j.Id)).ToList();
        var failing = promoted.Count(j => j.Final is not { } f || f > median);
        return new PromotionOutcome(proxy, judged.Count, promoted.Count, failing, median);
    }
}
