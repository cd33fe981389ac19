using Needle.Training.Layers;

namespace Needle.Training.Models;

/// <summary>What only the <c>attn</c> family chooses (<see cref="ModelConfig.Attn"/>); HYBRID and JEPA-T fix ReLU² and RoPE.</summary>
public sealed record AttnOptions
{
    /// <summary>The MLP activation.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Gelu;

    /// <summary>How positions enter the model.</summary>
    public PositionKind Positions { get; init; } = PositionKind.Rope;
}
