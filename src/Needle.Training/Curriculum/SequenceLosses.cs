namespace Needle.Training.Curriculum;

/// <summary>Per-sequence losses from a forward's per-position losses (batch·ctx, row-major by sequence).</summary>
public static class SequenceLosses
{
    /// <summary>Writes the mean loss (nats) of each sequence into <paramref name="perSequence"/>.</summary>
    public static void MeanPerSequence(ReadOnlySpan<float> positionLosses, int ctx, Span<float> perSequence)
    {
        if (positionLosses.Length != perSequence.Length * ctx)
            throw new ArgumentException($"{positionLosses.Length} position losses are not {perSequence.Length} sequences of {ctx}");
        for (int b = 0; b < perSequence.Length; b++)
        {
            double sum = 0;
            foreach (var l in positionLosses.Slice(b * ctx, ctx)) sum += l;
            perSequence[b] = (float)(sum / ctx);
        }
    }
}
