using Needle.Search.Asha;

namespace Needle.Search.Study;

/// <summary>A stored ASHA decision; <paramref name="SessionId"/> is the worker session that made it (null if not recorded).</summary>
public sealed record RungDecisionRecord(
    long TrialId, int Bracket, long RungStep, double Value, RungOutcome Outcome, int Rank, int Competitors, int KeepCount,
    DateTimeOffset DecidedAt, long? SessionId = null)
{
    public static RungDecisionRecord From(RungDecision d, DateTimeOffset at, long? sessionId = null) =>
        new(d.TrialId, d.Bracket, d.RungStep, d.Value, d.Outcome, d.Rank, d.Competitors, d.KeepCount, at, sessionId);
}
