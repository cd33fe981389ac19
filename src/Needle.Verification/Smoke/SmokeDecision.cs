namespace Needle.Search.Smoke;

/// <summary>One stored rung decision, with the trial's name, in the order it was made.</summary>
public sealed record SmokeDecision(string Canon, long Rung, double Value, string Outcome, int Rank, int Competitors, int KeepCount);
