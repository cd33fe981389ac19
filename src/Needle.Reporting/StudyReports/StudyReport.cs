namespace Needle.Reporting.StudyReports;

/// <summary>
/// Everything the study report shows, read from the study (and the ledger, when given) and computed once, so the
/// HTML page and the Markdown say the same thing. Nothing here is invented: a section with nothing stored says so.
/// </summary>
public sealed record StudyReport(
    StudyOverview Overview,
    IReadOnlyList<TrialSummary> Trials,
    IReadOnlyList<RungSummary> Rungs,
    IReadOnlyList<HuntSnapshot> Hunt,
    LeaderboardSection Leaderboard,
    IReadOnlyList<VectorStatus> Vectors,
    GateSection Gate)
{
    /// <summary>V1's proxy-width tuning and its transferred winner (empty when nothing was raced at a proxy width).</summary>
    public MupTransferSection MupTransfer { get; init; } = new([], null, null);
}
