using Needle.Search.History;

namespace Needle.Search.Replay;

/// <summary>Uniform: every remaining configuration equally likely.</summary>
public sealed class UniformSampler : IConfigSampler
{
    public HistoryRecord Next(IReadOnlyList<HistoryRecord> candidates, IStrategyView view, Random random) => candidates[random.Next(candidates.Count)];
}
