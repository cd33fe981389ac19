namespace Needle.Core.Canon;

/// <summary>The deploy-time rules a batch of runs must satisfy, one value per rule.</summary>
public enum DeployRule
{
    /// <summary>The name does not parse as a canon name.</summary>
    MalformedName,
    /// <summary>Two runs of the batch share a name.</summary>
    DuplicateName,
    /// <summary>Experiment ids must strictly increase through the batch.</summary>
    ExperimentIdNotIncreasing,
    /// <summary>Ids 1–4 belong to the champion runs and may never be reused.</summary>
    ChampionLockedExperimentId,
    /// <summary>A SMOKE tag iff the seed is in 500..599.</summary>
    SmokeSeedMismatch,
    /// <summary>GF16 needs hidden ≥ 256 (INV-3).</summary>
    Gf16HiddenTooSmall,
    /// <summary>Hidden width must be positive.</summary>
    NonPositiveHidden,
}
