namespace Needle.Training.Models;

/// <summary>
/// The n-gram mix read by TRAIN_V2, HYBRID and JEPA-T (<see cref="ModelConfig.Ngram"/>): how many previous bytes it
/// sees and whether its per-position weights train; <see cref="ReluSquared"/> only TRAIN_V2 reads.
/// </summary>
public sealed record NgramOptions
{
    /// <summary>How many previous bytes (the current one included) the mix sees.</summary>
    public int K { get; init; } = 8;

    /// <summary>The per-position mix weights (init 0.7·0.45^i) are trained (true) or frozen (false).</summary>
    public bool MixLearnable { get; init; } = true;

    /// <summary>TRAIN_V2: ReLU² instead of ReLU on the up-projection.</summary>
    public bool ReluSquared { get; init; }

    internal void Validate() =>
        ModelConfigException.Require(K is >= 1 and <= 64, "Ngram.K", K, "must be in [1, 64]");
}
