using System.Globalization;
using Needle.Core.Preregistration;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// V4's pre-registered gate on the held-out fold: the surrogate's mean absolute error against the measured last-rung
/// BPB must be ≤ 0.10 (<see cref="V4SurrogateAccuracy"/>). Two naive predictors are measured beside it so the figure
/// means something: a constant (the training folds' mean final BPB) and "rung-2 BPB minus the training folds' mean
/// drop from rung 2 to the last rung".
/// </summary>
public sealed record SurrogateGateResult(
    int Sample, double Mae, double MaeConstant, double MaeRung2MinusMeanDrop, PruningRegret Pruning, bool Holds)
{
    public IReadOnlyDictionary<string, double> Statistic => new Dictionary<string, double> { ["mae_fold0"] = Mae };

    public string Reason => string.Create(CultureInfo.InvariantCulture,
        $"MAE {Mae:0.000} BPB on {Sample} held-out configurations {(Holds ? "≤" : ">")} {V4SurrogateAccuracy.MaxMaeBpb} " +
        $"(naive: constant {MaeConstant:0.000}, rung-2 minus mean drop {MaeRung2MinusMeanDrop:0.000}); pruning the predicted worst " +
        $"{SurrogatePruning.DefaultPruneShare:0%} pruned {Pruning.TopPruned} of the true top {Pruning.TopK}, regret {Pruning.RegretBpb:0.000} BPB");

    public static SurrogateGateResult Evaluate(IReadOnlyList<SurrogatePrediction> heldOut, double trainingMeanFinal, double trainingMeanDrop)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        if (heldOut.Count == 0) throw new InvalidDataException("fold 0 has no configuration that reached the last rung; the surrogate cannot be judged");
        var mae = heldOut.Average(p => Math.Abs(p.Predicted - p.Actual));
        return new SurrogateGateResult(heldOut.Count, mae,
            heldOut.Average(p => Math.Abs(trainingMeanFinal - p.Actual)),
            heldOut.Average(p => Math.Abs(p.BpbAtRung2 - trainingMeanDrop - p.Actual)),
            SurrogatePruning.Regret(heldOut), V4SurrogateAccuracy.Holds(mae));
    }
}
