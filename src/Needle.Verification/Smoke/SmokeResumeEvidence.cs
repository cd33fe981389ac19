namespace Needle.Search.Smoke;

/// <summary>The graceful-kill probe: a run stopped cooperatively, then resumed from its checkpoint.</summary>
public sealed record SmokeResumeEvidence(
    string Canon, string StoppedStatus, long StoppedAtStep, long TotalSteps, double ResumedFinalBpb, double UninterruptedFinalBpb);
