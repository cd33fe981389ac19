using Needle.Core.Rungs;

namespace Needle.Search.Study;

/// <summary>What a study is created from.</summary>
public sealed record StudyDefinition(string Name, RungLadder Ladder, ulong MasterSeed, string SpaceJson);
