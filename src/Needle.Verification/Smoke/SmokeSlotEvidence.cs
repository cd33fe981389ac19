namespace Needle.Search.Smoke;

/// <summary>Segments in flight as the race's observer saw them.</summary>
/// <param name="Parallelism">The slots the race had (trials allowed in flight at once).</param>
/// <param name="MaxInFlight">The most segments running at once.</param>
/// <param name="StartedWhileFull">Segment starts that happened while every slot was taken (a killed run's slot not yet freed).</param>
/// <param name="StoppedSegments">Segments that ended cancelled (stopped cooperatively) rather than run to their target.</param>
public sealed record SmokeSlotEvidence(int Parallelism, int MaxInFlight, int StartedWhileFull, int StoppedSegments);
