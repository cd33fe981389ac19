namespace Needle.Training.Formats;

/// <summary>
/// What the training engine calls to train "in a format": before each forward pass it fake-quantises the FP32
/// master weights into a scratch span the layer then uses; after the backward pass it maps the gradient with
/// respect to the quantised weights back onto the master weights with the straight-through estimator.
/// The optimiser only ever updates the FP32 master weights.
/// </summary>
public interface IWeightQuantizer
{
    /// <summary>The canon name of the format (part of the run's canon name).</summary>
    string FormatName { get; }

    /// <summary>Writes the format's round trip of <paramref name="master"/> into <paramref name="quantized"/>.</summary>
    void QuantizeForward(ReadOnlySpan<float> master, Span<float> quantized);

    /// <summary>
    /// Straight-through estimator: d loss / d master = d loss / d quantized, copied unchanged — also where the
    /// format saturated or flushed a weight (see <see cref="StraightThroughQuantizer"/> for why no clipping).
    /// </summary>
    void BackwardStraightThrough(ReadOnlySpan<float> gradQuantized, Span<float> gradMaster);
}
