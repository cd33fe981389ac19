namespace Needle.Search.Running;

/// <summary>What one race session did.</summary>
public sealed record RaceSummary(
    long StudyId, long SessionId, int RecoveredStaleTrials, int SegmentsRun, int Decisions, long ReportsStored,
    long StepsSpent, bool Cancelled, bool BudgetExhausted, IReadOnlyDictionary<string, int> TrialsByState);
