using Needle.Search.History;

namespace Needle.Search.Replay;

/// <summary>Chooses the next configuration to start (V5's φ-grid sampler plugs in here). Only the config is readable: a sampler must not read the curve of a record it has not started.</summary>
public interface IConfigSampler
{
    HistoryRecord Next(IReadOnlyList<HistoryRecord> candidates, IStrategyView view, Random random);
}
