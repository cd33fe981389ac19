namespace Needle.Search.Study;

/// <summary>Where a runner saved a trial's state at <paramref name="Step"/>; opaque to everything but that runner.</summary>
public sealed record TrialCheckpoint(long Step, string Location);
