using Needle.Training.Formats;
using Needle.Training.Models;
using Needle.Training.Models.Families;

namespace Needle.Cli.Verbs;

/// <summary>
/// The model-family fields of <c>needle train --json</c>: model, format, FLOPs/token, the observed weight
/// quantisation error of the final master weights in the training format, and the NCA entropy when NCA is on.
/// </summary>
internal static class FamilySummary
{
    public static void AddTo(IDictionary<string, object?> summary, ILanguageModel model)
    {
        summary["model"] = model.Config.Model;
        summary["format"] = model.Config.Format;
        summary["forward_flops_per_token"] = Math.Round(model.ForwardFlopsPerToken);
        if (model.WeightTransform is FakeQuantWeightTransform fq)
        {
            var e = fq.Measure(model);
            summary["weight_quant_error"] = new Dictionary<string, object>
            {
                ["max_rel"] = Math.Round(e.MaxRelative, 6),
                ["mean_rel"] = Math.Round(e.MeanRelative, 6),
                ["max_abs"] = Math.Round(e.MaxAbsolute, 8),
                ["measured"] = e.Measured,
                ["flushed_to_zero"] = e.FlushedToZero,
                ["overflowed"] = e.Overflowed,
            };
        }
        if (model is IAuxiliaryLoss aux && model.Config.NcaWeight > 0f)
        {
            summary["nca_entropy"] = Math.Round(aux.NcaEntropy, 4);
            summary["aux_loss"] = Math.Round(aux.AuxiliaryLoss, 5);
        }
    }
}
