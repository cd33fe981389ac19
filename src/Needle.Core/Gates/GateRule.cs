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
