namespace Needle.Training.Models;

/// <summary>
/// A hook applied to a copy of each weight tensor before the forward pass — e.g. fake quantisation into a
/// number format from Needle.Training.Formats. Gradients flow straight through to the full-precision master
/// weights (the straight-through estimator). Implementations must be deterministic.
/// </summary>
public interface IWeightTransform
{
    /// <summary>Whether this tensor is transformed (typically matrices only).</summary>
    bool Applies(ParameterTensor tensor);

    /// <summary>Transforms <paramref name="weights"/> in place.</summary>
    void Transform(ParameterTensor tensor, Span<float> weights);
}
