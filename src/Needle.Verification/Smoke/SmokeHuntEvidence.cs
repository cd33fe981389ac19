namespace Needle.Search.Smoke;

/// <summary>The live hunt's handling of the declared diverging run.</summary>
/// <param name="Canon">The declared diverging run.</param>
/// <param name="State">Its final state (Killed expected).</param>
/// <param name="StoppedAtStep">Its last step.</param>
/// <param name="Reason">Why it was stopped.</param>
/// <param name="Replacement">The replacement's canon name (null: none queued).</param>
/// <param name="ReplacementSeed">Its seed.</param>
/// <param name="ReplacementReports">Reports the replacement stored (0: it never ran).</param>
/// <param name="ReplacementState">Its final state.</param>
/// <param name="SlotFreedFirst">The killed run's segment had ended (slot free) before the replacement's first segment started.</param>
public sealed record SmokeHuntEvidence(
    string Canon, string State, long StoppedAtStep, string? Reason, string? Replacement, uint? ReplacementSeed, int ReplacementReports,
    string? ReplacementState, bool SlotFreedFirst);
