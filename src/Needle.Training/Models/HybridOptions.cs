namespace Needle.Training.Models;

/// <summary>What HYBRID and JEPA-T add to the shared transformer stack (<see cref="ModelConfig.Hybrid"/>).</summary>
public sealed record HybridOptions
{
    /// <summary>Multiplier on the attention queries, so on the logits q·k/√d (default φ² ≈ 2.618; attn fixes it at 1).</summary>
    public float QkGain { get; init; } = 2.618034f;

    internal void Validate() =>
        ModelConfigException.Require(QkGain > 0f && float.IsFinite(QkGain), "Hybrid.QkGain", QkGain, "must be positive");
}
