namespace Needle.Search.Study;

/// <summary>A stored report: the curve point and when it was stored.</summary>
public sealed record StoredReport(long Step, double Bpb, DateTimeOffset ReportedAt);
