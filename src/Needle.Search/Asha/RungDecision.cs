namespace Needle.Search.Asha;

/// <summary>
/// One ASHA decision: trial <paramref name="TrialId"/> reported <paramref name="Value"/> at <paramref name="RungStep"/>
/// and ranked <paramref name="Rank"/> (0 = best) among <paramref name="Competitors"/> results of its bracket at that
/// rung, of which the best <paramref name="KeepCount"/> are promoted.
/// </summary>
public sealed record RungDecision(
    long TrialId, int Bracket, long RungStep, double Value, RungOutcome Outcome, int Rank, int Competitors, int KeepCount);
