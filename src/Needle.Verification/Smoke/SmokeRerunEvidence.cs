namespace Needle.Search.Smoke;

/// <summary>A second run of the same smoke race on the same study.</summary>
public sealed record SmokeRerunEvidence(int TrialsBefore, int TrialsAfter, long ReportsBefore, long ReportsAfter, int DistinctNames);
