namespace Needle.Training.Formats;

/// <summary>
/// A number format the race can train in: a bit-exact codec between <see cref="float"/> and the format's codes
/// (held in the low <see cref="BitWidth"/> bits of a <see cref="uint"/>), plus fake quantisation — the round trip
/// float → code → float — done fast over spans.
/// </summary>
public interface INumberFormat
{
    /// <summary>The canon name (FP32, FP16, BF16, FP8E4M3, FP8E5M2, DLFLOAT, GF16).</summary>
    string Name { get; }

    /// <summary>How many bits a code has (32, 16 or 8).</summary>
    int BitWidth { get; }

    /// <summary>The largest finite value the format represents.</summary>
    float MaxFinite { get; }

    /// <summary>The code for <paramref name="value"/>: rounding, underflow, overflow and specials as the format defines.</summary>
    uint Encode(float value);

    /// <summary>The exact value of <paramref name="code"/>; throws when the code has bits above <see cref="BitWidth"/>.</summary>
    float Decode(uint code);

    /// <summary>True when <paramref name="code"/> is a NaN pattern.</summary>
    bool IsNaN(uint code);

    /// <summary>
    /// True when <c>Encode(Decode(code)) == code</c> is promised: every non-NaN code except redundant spellings
    /// (GF16's exponent-0 patterns with a non-zero mantissa all mean ±0).
    /// </summary>
    bool IsCanonical(uint code);

    /// <summary>Writes <c>Decode(Encode(src[i]))</c> into <c>dst[i]</c>, vectorised, bit-exact with the scalar codec.</summary>
    void Quantize(ReadOnlySpan<float> src, Span<float> dst);
}
