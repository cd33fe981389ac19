namespace Needle.Training.Models;

/// <summary>JEPA-T's latent-prediction objective (<see cref="ModelConfig.Jepa"/>); no other family reads it.</summary>
public sealed record JepaOptions
{
    /// <summary>Fraction of each window masked as the future span whose target latents are predicted.</summary>
    public float MaskRatio { get; init; } = 0.3f;

    /// <summary>EMA decay of the target encoder at step 0, ramped linearly to <see cref="EmaEnd"/> over <see cref="RampSteps"/>.</summary>
    public float EmaStart { get; init; } = 0.996f;

    /// <summary>EMA decay of the target encoder from the end of the ramp on.</summary>
    public float EmaEnd { get; init; } = 1.0f;

    /// <summary>Training steps over which the decay ramps from <see cref="EmaStart"/> to <see cref="EmaEnd"/>.</summary>
    public int RampSteps { get; init; } = 1000;

    /// <summary>Weight of the latent-prediction loss relative to next-byte loss weight 1.</summary>
    public float Weight { get; init; } = 0.5f;

    internal void Validate()
    {
        ModelConfigException.Require(MaskRatio is > 0f and < 1f, "Jepa.MaskRatio", MaskRatio, "must be in (0, 1)");
        ModelConfigException.Require(EmaStart is >= 0f and <= 1f, "Jepa.EmaStart", EmaStart, "must be in [0, 1]");
        ModelConfigException.Require(EmaEnd is >= 0f and <= 1f, "Jepa.EmaEnd", EmaEnd, "must be in [0, 1]");
        ModelConfigException.Require(RampSteps >= 1, "Jepa.RampSteps", RampSteps, "must be positive");
        ModelConfigException.Require(Weight >= 0f && float.IsFinite(Weight), "Jepa.Weight", Weight, "must be ≥ 0");
    }
}
