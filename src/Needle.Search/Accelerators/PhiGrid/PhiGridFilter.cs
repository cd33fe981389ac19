using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.PhiGrid;

/// <summary>
/// V5 on the replay: admits only configurations whose φ levers lie on the grid (the history's declared φ-grid, or the
/// one given, e.g. a restored grid); every other lever is not restricted. The live race uses
/// <see cref="PhiGridSpace.Contains"/> on a proposal, or <see cref="PhiLeverGrid.Values"/> to enumerate.
/// </summary>
public sealed class PhiGridFilter(PhiGridSpace? grid = null) : IPreTrainingFilter
{
    private readonly ReplayTableView _table = new();
    private PhiGridSpace? _grid = grid;

    public PhiGridSpace? Grid => _grid;

    public bool Admit(HistoryRecord candidate, IStrategyView view)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(view);
        if (_grid is null)
        {
            _table.See(view, candidate);
            _grid = PhiGridSpace.FromHistory(_table.All);
        }
        return _grid.Contains(candidate.Config);
    }
}
