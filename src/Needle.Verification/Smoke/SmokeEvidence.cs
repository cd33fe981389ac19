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

/// <summary>The graceful-kill probe: a run stopped cooperatively, then resumed from its checkpoint.</summary>
public sealed record SmokeResumeEvidence(
    string Canon, string StoppedStatus, long StoppedAtStep, long TotalSteps, double ResumedFinalBpb, double UninterruptedFinalBpb);

/// <summary>The whole-race cancel: the study as the cancelled session left it.</summary>
public sealed record SmokeCancelEvidence(bool Cancelled, long CancelAfterReports, int TrialsLeftRunning, int ReportsOffCadence, int CheckpointsMissing);

/// <summary>Segments in flight as the race's observer saw them.</summary>
/// <param name="Parallelism">The slots the race had (trials allowed in flight at once).</param>
/// <param name="MaxInFlight">The most segments running at once.</param>
/// <param name="StartedWhileFull">Segment starts that happened while every slot was taken (a killed run's slot not yet freed).</param>
/// <param name="StoppedSegments">Segments that ended cancelled (stopped cooperatively) rather than run to their target.</param>
public sealed record SmokeSlotEvidence(int Parallelism, int MaxInFlight, int StartedWhileFull, int StoppedSegments);

/// <summary>A second run of the same smoke race on the same study.</summary>
public sealed record SmokeRerunEvidence(int TrialsBefore, int TrialsAfter, long ReportsBefore, long ReportsAfter, int DistinctNames);

/// <summary>One stored rung decision, with the trial's name, in the order it was made.</summary>
public sealed record SmokeDecision(string Canon, long Rung, double Value, string Outcome, int Rank, int Competitors, int KeepCount);

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

/// <summary>Everything the 15 criteria are judged on, gathered from the study, the race and the corpus.</summary>
public sealed record SmokeEvidence(
    IReadOnlyList<long> Ladder, int ReportEvery, IReadOnlyList<SmokeRunEvidence> Runs, long ReportsInStudy,
    IReadOnlyList<string> Leaderboard, IReadOnlyList<SmokeDecision> Decisions, int Eta,
    SmokeSlotEvidence Slots, SmokeCancelEvidence Cancel, SmokeRerunEvidence Rerun, SmokeResumeEvidence Resume,
    SmokeHuntEvidence? Hunt, string CorpusSha256)
{
    /// <summary>The last rung: every run that is not stopped earlier trains to it.</summary>
    public long Steps => Ladder.Count > 0 ? Ladder[^1] : 0;
}
