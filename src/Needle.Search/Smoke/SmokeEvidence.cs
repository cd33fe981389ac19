using Needle.Search.Curves;
using Needle.Search.Study;

namespace Needle.Search.Smoke;

/// <summary>One run as found in the study after the race.</summary>
public sealed record SmokeRunEvidence(
    string Canon, int Hidden, string Model, float NcaWeight, TrialState State, string? Error, long LastStep,
    IReadOnlyList<CurvePoint> Curve);

/// <summary>The graceful-kill probe: a run stopped cooperatively, then resumed from its checkpoint.</summary>
/// <param name="Canon">The run probed.</param>
/// <param name="StoppedStatus">How the interrupted segment ended (must be Cancelled).</param>
/// <param name="StoppedAtStep">The step its checkpoint holds.</param>
/// <param name="ResumedFinalBpb">Final whole-split BPB after resuming from that checkpoint.</param>
/// <param name="UninterruptedFinalBpb">The same run's final BPB in the race (never interrupted).</param>
public sealed record SmokeResumeEvidence(
    string Canon, string StoppedStatus, long StoppedAtStep, long TotalSteps, double ResumedFinalBpb, double UninterruptedFinalBpb);

/// <summary>The whole-race cancel: the study as the cancelled session left it.</summary>
/// <param name="Cancelled">The race reported itself cancelled.</param>
/// <param name="CancelAfterReports">The race was cancelled once this many reports were stored (a few more may land
/// while the running segments reach their next step; that count is timing-dependent, so it is not recorded).</param>
/// <param name="TrialsLeftRunning">Trials still marked Running after the cancel.</param>
/// <param name="ReportsOffCadence">Stored reports at a step that is not a multiple of the cadence, or duplicated.</param>
/// <param name="CheckpointsMissing">Trials whose stored checkpoint is missing on disk.</param>
public sealed record SmokeCancelEvidence(bool Cancelled, long CancelAfterReports, int TrialsLeftRunning, int ReportsOffCadence, int CheckpointsMissing);

/// <summary>Segments in flight as the race's observer saw them.</summary>
/// <param name="MaxInFlight">The most segments running at once.</param>
/// <param name="StartedWhileFull">Segment starts that happened while every slot was taken (a killed run's slot not yet freed).</param>
public sealed record SmokeSlotEvidence(int Parallelism, int MaxInFlight, int StartedWhileFull, int StoppedSegments);

/// <summary>A second run of the same smoke race on the same study.</summary>
public sealed record SmokeRerunEvidence(int TrialsBefore, int TrialsAfter, long ReportsBefore, long ReportsAfter, int DistinctNames);

/// <summary>Everything the 15 criteria are judged on, gathered from the study, the race and the corpus.</summary>
public sealed record SmokeEvidence(
    int Steps, int ReportEvery, IReadOnlyList<SmokeRunEvidence> Runs, long ReportsInStudy, int LeaderboardRows,
    SmokeSlotEvidence Slots, SmokeCancelEvidence Cancel, SmokeRerunEvidence Rerun, SmokeResumeEvidence Resume,
    string CorpusSha256);
