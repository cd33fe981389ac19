namespace Needle.Reporting.StudyReports;

/// <summary>The ASHA decisions taken at one rung, in the order they were made.</summary>
public sealed record RungSummary(long RungStep, IReadOnlyList<RungDecisionRow> Decisions)
{
    public int Promoted => Decisions.Count(d => d.Outcome == Needle.Search.Asha.RungOutcome.Promote);
    public int Stopped => Decisions.Count(d => d.Outcome == Needle.Search.Asha.RungOutcome.Stop);
    public int Completed => Decisions.Count(d => d.Outcome == Needle.Search.Asha.RungOutcome.Complete);
}

/// <summary>One stored rung decision with the trial it concerns.</summary>
public sealed record RungDecisionRow(int TrialNumber, string TrialLabel, double Value, Needle.Search.Asha.RungOutcome Outcome, int Rank, int Competitors, int KeepCount);
