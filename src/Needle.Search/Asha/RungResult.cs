namespace Needle.Search.Asha;

/// <summary>A result recorded at a rung (what the scheduler's state is made of; restored from the study on resume).</summary>
public sealed record RungResult(long TrialId, int Bracket, long RungStep, double Value);
