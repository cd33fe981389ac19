using Needle.Search.History;

namespace Needle.Search.Replay;

/// <summary>Admits everything.</summary>
public sealed class AdmitAll : IPreTrainingFilter
{
    public bool Admit(HistoryRecord candidate, IStrategyView view) => true;
}
