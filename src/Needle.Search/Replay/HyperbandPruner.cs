using Needle.Core.Rungs;

namespace Needle.Search.Replay;

/// <summary>Hyperband brackets over ASHA on the history's ladder.</summary>
public sealed class HyperbandPruner : IPruner
{
    public string Name => "hyperband";
    public RungLadder Ladder(RungLadder history) => history;
    public bool Hyperband => true;
}
