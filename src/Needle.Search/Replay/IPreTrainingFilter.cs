using Needle.Search.History;

namespace Needle.Search.Replay;

/// <summary>Rejects configurations before any training (V2's zero-cost proxies plug in here).</summary>
public interface IPreTrainingFilter
{
    bool Admit(HistoryRecord candidate, IStrategyView view);
}
