namespace Needle.Training.Models;

/// <summary>
/// How a model's initialisation, learning rates and forward multipliers depend on its width.
/// <see cref="Sp"/> is the standard parametrisation every run used before muP existed (the default, and what a config
/// without the key means). <see cref="Mup"/> is the Maximal Update Parametrization in its Adam form (Tensor Programs V,
/// Yang et al. 2022): see <see cref="MupScaling"/> for the rules and docs/accelerators.md (V1) for the derivation.
/// </summary>
public enum Parametrization { Sp = 0, Mup = 1 }
