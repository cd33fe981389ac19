using Needle.Core.Rungs;

namespace Needle.Search.Study;

/// <summary>A stored study.</summary>
public sealed record StudyRecord(long Id, string Name, RungLadder Ladder, ulong MasterSeed, string SpaceJson, DateTimeOffset CreatedAt);
