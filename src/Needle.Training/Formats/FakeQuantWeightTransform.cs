using Needle.Training.Models;

namespace Needle.Training.Formats;

/// <summary>
/// Training in a number format: an <see cref="IWeightTransform"/> that rounds every matrix (embeddings, projections,
/// the readout) of the effective weight copy through an <see cref="IWeightQuantizer"/> before each forward pass.
/// Vectors (norm gains, biases, n-gram mix weights) stay FP32 — they are tiny and the upstream kept them in FP32 too.
/// The master weights are never touched, and since the model's backward writes d loss / d effective weight into the
/// master gradient unchanged, the gradient is the straight-through estimator of <see cref="StraightThroughQuantizer"/>.
/// </summary>
public sealed class FakeQuantWeightTransform(IWeightQuantizer quantizer) : IWeightTransform
{
    public IWeightQuantizer Quantizer { get; } = quantizer;

    /// <summary>The transform for canon format <paramref name="format"/>; unknown names throw.</summary>
    public static FakeQuantWeightTransform For(string format) => new(StraightThroughQuantizer.For(format));

    public bool Applies(ParameterTensor tensor) => tensor.Shape.Length >= 2;

    public void Transform(ParameterTensor tensor, Span<float> weights) => Quantizer.QuantizeForward(weights, weights);

    /// <summary>
    /// The observed quantisation error of <paramref name="model"/>'s current master weights over every tensor this
    /// transform applies to (what the run reports instead of the upstream's assumed φ⁻⁶ bound).
    /// </summary>
    public QuantizationError Measure(ILanguageModel model)
    {
        var master = new List<float>();
        foreach (var t in model.Tensors)
            if (Applies(t)) master.AddRange(model.Parameters.Slice((int)t.Offset, (int)t.Size).ToArray());
        var original = master.ToArray();
        var quantized = new float[original.Length];
        Quantizer.QuantizeForward(original, quantized);
        return QuantizationError.Measure(original, quantized);
    }
}
