using Needle.Core.Rungs;

namespace Needle.Search.Replay;

/// <summary>The rung policy the race applies: the ladder (one rung = no pruning) and whether trials enter by Hyperband brackets. ASHA itself is the race's.</summary>
public interface IPruner
{
    string Name { get; }
    RungLadder Ladder(RungLadder history);
    bool Hyperband { get; }
}
