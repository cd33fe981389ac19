using Needle.Core.Rungs;

namespace Needle.Reporting.StudyReports;

/// <summary>The study's identity and size.</summary>
public sealed record StudyOverview(
    string Name, RungLadder Ladder, ulong MasterSeed, DateTimeOffset CreatedAt, string StorageLocation,
    IReadOnlyDictionary<string, int> TrialsByState, long Reports);
