namespace Needle.Training.Models.Families;

/// <summary>
/// A model whose training objective adds auxiliary terms (NCA, JEPA) to the next-byte loss. <see cref="ILanguageModel.Forward"/>
/// still returns the next-byte loss alone (so every reported BPB is next-byte BPB); the backward includes the terms.
/// </summary>
public interface IAuxiliaryLoss
{
    /// <summary>The weighted auxiliary terms of the last forward with targets (0 when none are enabled).</summary>
    double AuxiliaryLoss { get; }

    /// <summary>The NCA entropy (nats) of the last forward with targets, NaN when NCA is off.</summary>
    double NcaEntropy { get; }
}
