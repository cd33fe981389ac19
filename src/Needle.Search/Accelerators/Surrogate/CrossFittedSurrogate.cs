using Needle.Search.Accelerators.Proxies;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// V4 for a replay over the history it was trained on, cross-fitted: five XGBoost models, model k trained on every fold
/// but k, and a configuration of fold k is predicted only by model k — never by a model that saw its own final BPB.
/// The pruning threshold is the largest out-of-fold prediction the 60% rule keeps (<see cref="SurrogatePruning.Threshold"/>),
/// so one trial is judged at a time against the history's predictions, whatever order a race meets them in.
/// </summary>
public sealed class CrossFittedSurrogate : ISurrogate, IDisposable
{
    public const int Folds = 5;

    private readonly FinalBpbSurrogate[] _byFold;

    private CrossFittedSurrogate(FinalBpbSurrogate[] byFold, IReadOnlyList<SurrogatePrediction> outOfFold)
    {
        _byFold = byFold;
        OutOfFold = outOfFold;
        Threshold = SurrogatePruning.Threshold([.. outOfFold.Select(p => p.Predicted)]);
        Mae = outOfFold.Average(p => Math.Abs(p.Predicted - p.Actual));
    }

    /// <summary>Every configuration's prediction by the model that did not see it.</summary>
    public IReadOnlyList<SurrogatePrediction> OutOfFold { get; }

    /// <summary>Predicted final BPB above this = the bottom 60%: pruned after rung 2.</summary>
    public double Threshold { get; }

    /// <summary>Out-of-fold mean absolute error over every fold (fold 0's alone is V4's gate).</summary>
    public double Mae { get; }

    public long Rung2 => _byFold[0].Rung2;

    public static CrossFittedSurrogate Train(HistoryTable table, ProxyCache proxies, XgbParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var models = new FinalBpbSurrogate[Folds];
        var outOfFold = new List<SurrogatePrediction>();
        for (var k = 0; k < Folds; k++)
        {
            var fold = k;
            models[k] = FinalBpbSurrogate.Train(table, FinalBpbSurrogate.Judged(table, f => f != fold), proxies, parameters ?? new XgbParameters());
            outOfFold.AddRange(models[k].Judge(table, FinalBpbSurrogate.Judged(table, f => f == fold)));
        }
        return new CrossFittedSurrogate(models, outOfFold);
    }

    public double? PredictFinal(HistoryRecord candidate, IStrategyView view)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(view);
        return _byFold[candidate.Fold].Predict(candidate, view.Observed(candidate.ConfigId));
    }

    public void Dispose()
    {
        foreach (var m in _byFold) m.Dispose();
    }
}
