namespace Needle.Training.Data;

/// <summary>
/// Draws (input, target) windows of <c>ctx</c> bytes from one split. The batch for step <c>s</c> is a pure
/// function of (seed, s): resuming a run at step k therefore draws exactly the batches the uninterrupted run drew,
/// and there is no sampler state to checkpoint.
/// </summary>
public sealed class BatchSampler
{
    private readonly ReadOnlyMemory<byte> _split;
    private readonly ulong _seed;

    public BatchSampler(ReadOnlyMemory<byte> split, int batch, int ctx, ulong seed)
    {
        if (split.Length < ctx + 2) throw new ArgumentException($"split of {split.Length} bytes is too short for ctx {ctx}");
        _split = split;
        Batch = batch;
        Ctx = ctx;
        _seed = seed;
    }

    public int Batch { get; }
    public int Ctx { get; }

    /// <summary>Fills inputs and targets (each batch·ctx) for the given step.</summary>
    public void Fill(long step, Span<int> inputs, Span<int> targets)
    {
        var rng = SplitMix64.Derive(_seed, (ulong)step);
        var data = _split.Span;
        int maxStart = data.Length - Ctx - 1;
        for (int b = 0; b < Batch; b++)
        {
            int start = rng.NextInt(maxStart + 1);
            for (int t = 0; t < Ctx; t++)
            {
                inputs[b * Ctx + t] = data[start + t];
                targets[b * Ctx + t] = data[start + t + 1];
            }
        }
    }
}
