using Needle.Search.Study;

namespace Needle.Search.Plans;

/// <summary>One run of a resolved (scaled) plan: what the study will train, and what the deploy rules judge.</summary>
/// <param name="Spec">The trial: canon name, seed, scaled config.</param>
/// <param name="Hidden">The hidden width it trains with (after scaling).</param>
/// <param name="Family">The model family the config trains (an <c>NCA</c> name trains the family its group declares).</param>
/// <param name="ExperimentId">Its experiment id, or null.</param>
/// <param name="Diverging">Declared to diverge (a canary).</param>
public sealed record PlannedRun(TrialSpec Spec, int Hidden, string Family, int? ExperimentId, bool Diverging)
{
    public string Canon => Spec.CanonName;
}

/// <summary>A rung action of a resolved plan, at its scaled rung.</summary>
public sealed record ResolvedRungAction(int RungIndex, long Rung, RungActionKind Kind, int Count)
{
    public string Name => RungActionNames.Of(Kind);
}
