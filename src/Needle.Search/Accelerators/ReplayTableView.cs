using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators;

/// <summary>
/// What a replay component may know of the table without being handed it: the configurations of the replay (seen at
/// the component's first call, when nothing or only the candidate in hand has been taken out of
/// <see cref="IStrategyView.Unstarted"/>), and from then on which of them have started. Their curves stay behind
/// <see cref="IStrategyView.Observed"/>: only the configurations themselves, and the ladder's steps, are read here.
/// </summary>
internal sealed class ReplayTableView
{
    private IReadOnlyList<HistoryRecord>? _all;

    /// <summary>Every configuration of the replay (after the first <see cref="See"/>).</summary>
    public IReadOnlyList<HistoryRecord> All => _all ?? throw new InvalidOperationException("the table has not been seen yet");

    /// <summary>The rung steps of the history's ladder, ascending (the keys of the rung BPBs: the ladder, not a result).</summary>
    public IReadOnlyList<long> Rungs { get; private set; } = [];

    /// <summary>Takes the first look (later calls do nothing); <paramref name="inHand"/> is a candidate already taken out of Unstarted.</summary>
    public void See(IStrategyView view, HistoryRecord? inHand = null)
    {
        if (_all is not null) return;
        _all = inHand is null || view.Unstarted.Contains(inHand) ? [.. view.Unstarted] : [.. view.Unstarted, inHand];
        Rungs = [.. _all.SelectMany(r => r.RungBpb.Keys).Distinct().Select(k => long.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).Order()];
    }

    /// <summary>The configurations started so far (taken out of Unstarted; a filtered-out one has an empty curve).</summary>
    public IEnumerable<HistoryRecord> Started(IStrategyView view)
    {
        var left = view.Unstarted.Select(r => r.ConfigId).ToHashSet(StringComparer.Ordinal);
        return All.Where(r => !left.Contains(r.ConfigId));
    }

    /// <summary>The observed (sample) BPB of <paramref name="record"/> at step <paramref name="step"/>, or null if not paid for yet.</summary>
    public static double? ObservedAt(IStrategyView view, HistoryRecord record, long step)
    {
        foreach (var (s, bpb) in view.Observed(record.ConfigId))
            if (s == step) return bpb;
        return null;
    }
}
