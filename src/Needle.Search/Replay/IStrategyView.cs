using Needle.Search.History;

namespace Needle.Search.Replay;

/// <summary>
/// What a strategy may know while it runs: the configurations it may still start, and the curves of the trials it has
/// started — only up to the steps it has paid for (read from the study, where the replay delivers a segment's reports
/// only when the segment ends in simulated time).
/// </summary>
public interface IStrategyView
{
    /// <summary>The configurations not yet started (the search space left).</summary>
    IReadOnlyList<HistoryRecord> Unstarted { get; }

    /// <summary>The observed curve of a started configuration ([step, bpb] paid for so far), or empty.</summary>
    IReadOnlyList<(long Step, double Bpb)> Observed(string configId);

    /// <summary>Families with at least one configuration left.</summary>
    IReadOnlyList<string> Families => [.. Unstarted.Select(r => r.Family).Distinct().Order(StringComparer.Ordinal)];
}
