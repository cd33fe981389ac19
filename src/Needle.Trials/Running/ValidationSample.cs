using Needle.Core.Seeds;
using Needle.Training.Evaluation;

namespace Needle.Search.Running;

/// <summary>
/// The study's common validation sample: <see cref="Spans"/> non-overlapping spans of <see cref="SpanBytes"/> bytes of
/// the validation split, chosen by <see cref="Seed"/> (the study's master seed). Every trial of a study is evaluated
/// on the same target bytes whatever its context length — each span is scored like a small whole split (windows of
/// the model's ctx covering every target of the span once) — so ASHA compares like with like. Before this, each trial
/// sampled its own ctx-aligned windows with its own seed, and two trials at a rung were scored on different data.
/// </summary>
public sealed record ValidationSample(ulong Seed, int Spans = ValidationSample.DefaultSpans, int SpanBytes = ValidationSample.DefaultSpanBytes)
{
    /// <summary>8 spans of 513 bytes: 4,096 target bytes, the size of the old 64-window × ctx 64 sample.</summary>
    public const int DefaultSpans = 8;
    public const int DefaultSpanBytes = 513;

    /// <summary>The sample of a study with master seed <paramref name="masterSeed"/>.</summary>
    public static ValidationSample ForStudy(ulong masterSeed) => new(masterSeed);

    /// <summary>Target bytes scored (each span's first byte is context only).</summary>
    public int Targets => Spans * (SpanBytes - 1);

    /// <summary>Start offsets of the spans in a split of <paramref name="length"/> bytes, ascending.</summary>
    public IReadOnlyList<int> Starts(int length)
    {
        var blocks = length / SpanBytes;
        if (Spans < 1 || SpanBytes < 3 || blocks < Spans)
            throw new ArgumentException($"validation sample: {Spans} spans of {SpanBytes} bytes do not fit a {length}-byte split");
        var rng = SplitMix64.Derive(Seed, 0x5A3D1E);
        var idx = Enumerable.Range(0, blocks).ToArray();
        for (var i = 0; i < Spans; i++)
        {
            var j = i + rng.NextInt(idx.Length - i);
            (idx[i], idx[j]) = (idx[j], idx[i]);
        }
        return [.. idx.Take(Spans).Order().Select(b => b * SpanBytes)];
    }

    /// <summary>BPB of <paramref name="evaluator"/>'s model over the sample of <paramref name="split"/>.</summary>
    public double Evaluate(BpbEvaluator evaluator, ReadOnlySpan<byte> split, int ctx)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        if (ctx >= SpanBytes)
            throw new ArgumentException($"ctx {ctx} does not fit the study's validation spans of {SpanBytes} bytes; use ctx ≤ {SpanBytes - 1}");
        double bits = 0;
        long targets = 0;
        foreach (var start in Starts(split.Length))
        {
            var (bpb, count) = evaluator.Evaluate(split.Slice(start, SpanBytes));
            bits += bpb * count;
            targets += count;
        }
        return bits / targets;
    }
}
