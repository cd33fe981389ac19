namespace Needle.Training.Formats;

/// <summary>
/// The <see cref="IWeightQuantizer"/> of one <see cref="INumberFormat"/>: forward = vectorised fake quantisation,
/// backward = identity (the plain straight-through estimator).
/// </summary>
/// <remarks>
/// Why the gradient is not zeroed where the format saturates (the "clipped" STE): a weight that drifted past
/// the format's range would then receive no gradient and could never come back. With the registry's formats the
/// ranges (±448 for E4M3, larger for the rest) are far above any weight a small LM reaches, so in practice the
/// two estimators coincide; the identity is the simpler contract and the one the tests pin down. A NaN master
/// weight quantises to NaN, so a diverged run stays visibly diverged instead of being silently clamped.
/// </remarks>
public sealed class StraightThroughQuantizer(INumberFormat format) : IWeightQuantizer
{
    /// <summary>The format weights are rounded to.</summary>
    public INumberFormat Format { get; } = format;

    public string FormatName => Format.Name;

    /// <summary>A quantiser for the canon format <paramref name="formatName"/>; unknown names throw.</summary>
    public static StraightThroughQuantizer For(string formatName) => new(NumberFormats.Get(formatName));

    public void QuantizeForward(ReadOnlySpan<float> master, Span<float> quantized)
    {
        if (quantized.Length != master.Length)
            throw new ArgumentException(
                $"quantised span has {quantized.Length} values but the master weights have {master.Length}", nameof(quantized));
        Format.Quantize(master, quantized);
    }

    public void BackwardStraightThrough(ReadOnlySpan<float> gradQuantized, Span<float> gradMaster)
    {
        if (gradMaster.Length != gradQuantized.Length)
            throw new ArgumentException(
                $"master gradient has {gradMaster.Length} values but the quantised gradient has {gradQuantized.Length}",
                nameof(gradMaster));
        gradQuantized.CopyTo(gradMaster);
    }
}
