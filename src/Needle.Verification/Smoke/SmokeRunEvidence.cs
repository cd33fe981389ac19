using Needle.Search.Curves;
using Needle.Search.Study;

namespace Needle.Search.Smoke;

/// <summary>One run as found in the study after the race.</summary>
/// <param name="Canon">The run's canon name.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Hidden">The model's hidden width.</param>
/// <param name="Model">The model family.</param>
/// <param name="NcaWeight">The NCA loss weight the run trained with.</param>
/// <param name="State">The trial's state in the study.</param>
/// <param name="Error">Why the trial failed (null unless it did).</param>
/// <param name="LastStep">The last step the trial reported.</param>
/// <param name="Curve">The trial's reports, in step order.</param>
/// <param name="Declared">In the plan (false: added by the hunt at run time).</param>
/// <param name="Diverging">Of a config the plan declares diverging (the canary and its replacements).</param>
public sealed record SmokeRunEvidence(
    string Canon, uint Seed, int Hidden, string Model, float NcaWeight, TrialState State, string? Error, long LastStep,
    IReadOnlyList<CurvePoint> Curve, bool Declared = true, bool Diverging = false)
{
    /// <summary>The last report (null: none).</summary>
    public CurvePoint? End => Curve.Count > 0 ? Curve[^1] : null;
}
