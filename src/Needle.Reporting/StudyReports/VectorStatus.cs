namespace Needle.Reporting.StudyReports;

/// <summary>An accelerator vector's state as the study stores it, or "not recorded" with the reason when it stores nothing.</summary>
public sealed record VectorStatus(string Id, string Name, string State, string Reason);
