namespace Needle.Search.Smoke;

/// <summary>Everything the 15 criteria are judged on, gathered from the study, the race and the corpus.</summary>
public sealed record SmokeEvidence(
    IReadOnlyList<long> Ladder, int ReportEvery, IReadOnlyList<SmokeRunEvidence> Runs, long ReportsInStudy,
    IReadOnlyList<string> Leaderboard, IReadOnlyList<SmokeDecision> Decisions, int Eta,
    SmokeSlotEvidence Slots, SmokeCancelEvidence Cancel, SmokeRerunEvidence Rerun, SmokeResumeEvidence Resume,
    SmokeHuntEvidence? Hunt, string CorpusSha256)
{
    /// <summary>The last rung: every run that is not stopped earlier trains to it.</summary>
    public long Steps => Ladder.Count > 0 ? Ladder[^1] : 0;
}
