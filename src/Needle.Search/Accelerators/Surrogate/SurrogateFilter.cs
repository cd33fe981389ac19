using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// V4 as the replay's <see cref="ISurrogate"/>: the predicted last-rung BPB of a started configuration from the curve the
/// strategy has paid for (null before rung 2). The race prunes, after rung 2, the trials predicted in the bottom 60%
/// (<see cref="SurrogatePruning.Pruned"/>). Trained on folds 1–4: on the replay it also predicts configurations it was
/// trained on, so its replay figures flatter it — fold 0's MAE (the gate) is the honest one.
/// </summary>
public sealed class XgbSurrogate(FinalBpbSurrogate model) : ISurrogate
{
    public double? PredictFinal(HistoryRecord candidate, IStrategyView view)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(view);
        return model.Predict(candidate, view.Observed(candidate.ConfigId));
    }
}
