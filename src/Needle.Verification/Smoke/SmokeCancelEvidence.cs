namespace Needle.Search.Smoke;

/// <summary>The whole-race cancel: the study as the cancelled session left it.</summary>
public sealed record SmokeCancelEvidence(bool Cancelled, long CancelAfterReports, int TrialsLeftRunning, int ReportsOffCadence, int CheckpointsMissing);
