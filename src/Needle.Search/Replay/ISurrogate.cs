using Needle.Search.History;

namespace Needle.Search.Replay;

/// <summary>Predicts a configuration's final BPB from what has been observed (V4's surrogate plugs in here); null = no prediction.</summary>
public interface ISurrogate
{
    double? PredictFinal(HistoryRecord candidate, IStrategyView view);
}
