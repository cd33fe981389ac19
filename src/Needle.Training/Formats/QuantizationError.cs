namespace Needle.Training.Formats;

/// <summary>
/// The observed error of quantising a span: relative errors |q − x| / |x| over the finite non-zero inputs whose
/// quantised value is finite, plus counts of what relative error cannot describe (flushed to zero, overflowed).
/// Measured and reported, never assumed from a bound (docs/decisions.md).
/// </summary>
public readonly record struct QuantizationError(
    double MaxRelative,
    double MeanRelative,
    double MaxAbsolute,
    int Measured,
    int FlushedToZero,
    int Overflowed)
{
    /// <summary>Compares <paramref name="original"/> with its quantised copy <paramref name="quantized"/>.</summary>
    public static QuantizationError Measure(ReadOnlySpan<float> original, ReadOnlySpan<float> quantized)
    {
        if (original.Length != quantized.Length)
            throw new ArgumentException(
                $"original has {original.Length} values, quantised has {quantized.Length}", nameof(quantized));
        double maxRel = 0, sumRel = 0, maxAbs = 0;
        int measured = 0, flushed = 0, overflowed = 0;
        for (var i = 0; i < original.Length; i++)
        {
            double x = original[i], q = quantized[i];
            if (!double.IsFinite(x) || x == 0) continue;
            if (!double.IsFinite(q)) { overflowed++; continue; }
            if (q == 0) flushed++;
            var abs = Math.Abs(q - x);
            var rel = abs / Math.Abs(x);
            maxAbs = Math.Max(maxAbs, abs);
            maxRel = Math.Max(maxRel, rel);
            sumRel += rel;
            measured++;
        }
        return new QuantizationError(maxRel, measured == 0 ? 0 : sumRel / measured, maxAbs, measured, flushed, overflowed);
    }

    /// <summary>Quantises <paramref name="values"/> with <paramref name="format"/> and measures the error.</summary>
    public static QuantizationError Of(INumberFormat format, ReadOnlySpan<float> values)
    {
        var quantized = new float[values.Length];
        format.Quantize(values, quantized);
        return Measure(values, quantized);
    }
}
