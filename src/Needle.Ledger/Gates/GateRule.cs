namespace Needle.Core.Gates;

/// <summary>Every reason a gate can reject a claim; each has a falsification witness.</summary>
public enum GateRule
{
    /// <summary>Fewer distinct seeds of the gate's set beat the target than the gate requires.</summary>
    NotEnoughSeeds,
    /// <summary>A row beating the target sits on a seed outside the gate's set (it cannot count).</summary>
    SeedOutsideSet,
    /// <summary>Two non-reproduction rows of one claim on the same seed: rejected, never merged.</summary>
    DuplicateSeed,
    /// <summary>BPB outside the plausibility band.</summary>
    OutsidePlausibilityBand,
    /// <summary>Fewer training steps than the gate requires.</summary>
    StepBelowMinimum,
    /// <summary>`sha` is not a commit of this repository.</summary>
    ShaNotACommit,
    /// <summary>`sha` is a commit, but not one reachable from HEAD (an abandoned branch, another line of history).</summary>
    ShaNotReachable,
    /// <summary>`sha` does not descend from the commit that introduced the trainer (gates.json training_since).</summary>
    ShaBeforeTraining,
    /// <summary>A gate row or reproduction without config_sha256: what ran cannot be compared.</summary>
    ConfigHashMissing,
    /// <summary>The row's config object does not hash to its config_sha256.</summary>
    ConfigHashMismatch,
    /// <summary>A reproduction ran another configuration (config_sha256 differs from the original's).</summary>
    ReproductionConfigDiffers,
    /// <summary>The row's embargo (ts + embargo_hours) has not passed yet.</summary>
    UnderEmbargo,
    /// <summary>No pre-registration seal before the first data row.</summary>
    PreregistrationNotSealed,
    /// <summary>The pre-registration was edited after the ledger's first data row (its hash differs from the seal).</summary>
    PreregistrationEdited,
    /// <summary>Trained/evaluated on another corpus than the pinned one.</summary>
    CorpusMismatch,
    /// <summary>Evaluated on another split than the canonical validation split.</summary>
    SplitMismatch,
    /// <summary>No reproduction row for a gate row.</summary>
    NotReproduced,
    /// <summary>A reproduction differs by more than the tolerance.</summary>
    ReproductionDisagrees,
    /// <summary>A reproduction names another canon or seed than the row it reproduces.</summary>
    ReproductionMismatch,
    /// <summary>Below the architectural floor without `reviewed_by`: suspected ledger corruption.</summary>
    Tripwire,
}
