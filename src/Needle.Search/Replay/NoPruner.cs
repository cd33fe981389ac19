using Needle.Core.Rungs;

namespace Needle.Search.Replay;

/// <summary>No pruning: one rung, the horizon — every configuration started is trained to the end.</summary>
public sealed class NoPruner : IPruner
{
    public string Name => "none";
    public RungLadder Ladder(RungLadder history) => RungLadder.Explicit([history.Steps[^1]], history.Eta);
    public bool Hyperband => false;
}
