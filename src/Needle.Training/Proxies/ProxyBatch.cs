using Needle.Training.Data;

namespace Needle.Training.Proxies;

/// <summary>
/// The one fixed real batch every zero-cost proxy sees: <see cref="Sequences"/> windows of the training split, drawn
/// by the master seed (step 0 of a <see cref="BatchSampler"/> seeded with it). The start offsets depend only on the
/// seed and the window length, so every configuration with the same ctx scores on the same bytes.
/// </summary>
public sealed class ProxyBatch
{
    /// <summary>Sequences per batch: enough for NASWOT's kernel to be a 32×32 matrix (NASLib scores on one training batch).</summary>
    public const int Sequences = 32;

    private ProxyBatch(int ctx, int[] inputs, int[] targets) => (Ctx, Inputs, Targets) = (ctx, inputs, targets);

    public int Ctx { get; }
    public int[] Inputs { get; }
    public int[] Targets { get; }

    public static ProxyBatch Real(TinyShakespeare corpus, int ctx, ulong masterSeed)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var inputs = new int[Sequences * ctx];
        var targets = new int[Sequences * ctx];
        new BatchSampler(corpus.Train, Sequences, ctx, masterSeed).Fill(0, inputs, targets);
        return new ProxyBatch(ctx, inputs, targets);
    }

    /// <summary>Synflow's input: token 1 at every position (the "all-ones input" of a token model), target 1.</summary>
    public ProxyBatch AllOnes() => new(Ctx, Enumerable.Repeat(1, Inputs.Length).ToArray(), Enumerable.Repeat(1, Targets.Length).ToArray());
}
