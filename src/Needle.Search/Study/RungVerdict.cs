using Needle.Search.Asha;

namespace Needle.Search.Study;

/// <summary>
/// Decides a rung from the results already recorded there (same bracket, arrival order): returns the decision and
/// the trial's next state. Called by <see cref="IStudyStorage.DecideRung"/> inside its transaction, so it must be pure.
/// </summary>
public delegate (RungDecision Decision, TrialState Next) RungJudge(IReadOnlyList<RungResult> earlier);

/// <summary>What <see cref="IStudyStorage.DecideRung"/> did.</summary>
/// <param name="Decision">The stored decision (the earlier one when <paramref name="AlreadyDecided"/>; null when <paramref name="NotOwner"/>).</param>
/// <param name="Next">The trial's state after the call.</param>
/// <param name="AlreadyDecided">The (trial, rung) had a decision before this call; nothing was written.</param>
/// <param name="NotOwner">The trial is not Running under the caller's session any more; nothing was written.</param>
public sealed record RungVerdict(RungDecisionRecord? Decision, TrialState Next, bool AlreadyDecided, bool NotOwner)
{
    /// <summary>True when this call recorded the decision.</summary>
    public bool Recorded => !AlreadyDecided && !NotOwner;
}
