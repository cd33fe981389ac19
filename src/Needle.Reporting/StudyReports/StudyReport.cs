using Needle.Core.Rungs;
using Needle.Search.Curves;
using Needle.Search.Hunt;
using Needle.Search.Study;

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

/// <summary>The study's identity and size.</summary>
public sealed record StudyOverview(
    string Name, RungLadder Ladder, ulong MasterSeed, DateTimeOffset CreatedAt, string StorageLocation,
    IReadOnlyDictionary<string, int> TrialsByState, long Reports);

/// <summary>One trial: its stored curve and the power-law fit of it (or why there is none).</summary>
public sealed record TrialSummary(
    long Id, int Number, string Canon, uint Seed, string State, int Bracket, string? Error,
    IReadOnlyList<CurvePoint> Curve, CurveForecast Forecast)
{
    /// <summary>A short label for charts and tables: "#3 seed 42".</summary>
    public string Label => $"#{Number} seed {Seed}";
}

/// <summary>The ASHA decisions taken at one rung, in the order they were made.</summary>
public sealed record RungSummary(long RungStep, IReadOnlyList<RungDecisionRow> Decisions)
{
    public int Promoted => Decisions.Count(d => d.Outcome == Needle.Search.Asha.RungOutcome.Promote);
    public int Stopped => Decisions.Count(d => d.Outcome == Needle.Search.Asha.RungOutcome.Stop);
    public int Completed => Decisions.Count(d => d.Outcome == Needle.Search.Asha.RungOutcome.Complete);
}

/// <summary>One stored rung decision with the trial it concerns.</summary>
public sealed record RungDecisionRow(int TrialNumber, string TrialLabel, double Value, Needle.Search.Asha.RungOutcome Outcome, int Rank, int Competitors, int KeepCount);

/// <summary>The seed hunt's classification of every trial that reported at <paramref name="RungStep"/>.</summary>
public sealed record HuntSnapshot(long RungStep, IReadOnlyList<HuntRow> Rows);

/// <summary>The leaderboard at the gate's minimum step; <see cref="BestBelowMinimum"/> lists the best last reports below it, labelled as such.</summary>
public sealed record LeaderboardSection(long MinimumStep, IReadOnlyList<LeaderboardRow> Rows, IReadOnlyList<LeaderboardRow> BestBelowMinimum);

/// <summary>An accelerator vector's state as the study stores it, or "not recorded" with the reason when it stores nothing.</summary>
public sealed record VectorStatus(string Id, string Name, string State, string Reason);
