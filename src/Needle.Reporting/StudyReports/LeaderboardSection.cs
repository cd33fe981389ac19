using Needle.Search.Study;

namespace Needle.Reporting.StudyReports;

/// <summary>The leaderboard at the gate's minimum step; <see cref="BestBelowMinimum"/> lists the best last reports below it, labelled as such.</summary>
public sealed record LeaderboardSection(long MinimumStep, IReadOnlyList<LeaderboardRow> Rows, IReadOnlyList<LeaderboardRow> BestBelowMinimum);
