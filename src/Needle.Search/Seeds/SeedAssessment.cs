namespace Needle.Search.Seeds;

/// <summary>A seed's classification with its inputs, so a report can show why.</summary>
/// <param name="State">The seed's classification.</param>
/// <param name="Delta">Predicted b∞ minus the leader's (null when either is missing).</param>
/// <param name="Slope">BPB per step over the last window (null with too few points).</param>
/// <param name="Why">The classification's reason in words, for the report.</param>
public sealed record SeedAssessment(SeedState State, double? Delta, double? Slope, string Why)
{
    /// <summary>The plan's action for the state.</summary>
    public SeedAction Action => State switch
    {
        SeedState.Leading => SeedAction.MirrorSiblings,
        SeedState.Diverging => SeedAction.KillAndReplace,
        SeedState.ParallelLosing => SeedAction.KeepUntilNextRung,
        _ => SeedAction.Keep,
    };
}

/// <summary>What the hunt does with a seed.</summary>
public enum SeedAction
{
    Keep,
    KeepUntilNextRung,
    MirrorSiblings,
    KillAndReplace,
}
