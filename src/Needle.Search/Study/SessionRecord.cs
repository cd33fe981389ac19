namespace Needle.Search.Study;

/// <summary>One process working on a study; its heartbeat and identity let a later process tell a crash from a peer.</summary>
public sealed record SessionRecord(
    long Id, long StudyId, string Host, int Pid, DateTimeOffset ProcessStart, DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt, DateTimeOffset? EndedAt);
