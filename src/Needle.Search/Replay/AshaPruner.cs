using Needle.Core.Rungs;

namespace Needle.Search.Replay;

/// <summary>ASHA on the history's ladder (every configuration enters at the first rung).</summary>
public sealed class AshaPruner : IPruner
{
    public string Name => "asha";
    public RungLadder Ladder(RungLadder history) => history;
    public bool Hyperband => false;
}
