using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bandit;

/// <summary>One bracket's choice: the family picked, and the families it could have picked (those with configurations left).</summary>
public sealed record BracketChoice(int Bracket, string Family, IReadOnlyList<string> Available);

/// <summary>
/// A family bandit that decides once per bracket and records each choice (V6's regret is computed from them). A bracket
/// is <see cref="BracketSize"/> = η new trials — the smallest group ASHA promotes one of at the first rung — so a single
/// ASHA run over the history has enough brackets for V6's last-10 window. The family holds for the whole bracket unless
/// it runs out of configurations, which starts a new bracket.
/// </summary>
public abstract class BracketBandit : IFamilyBandit
{
    public const int BracketSize = 3;

    private readonly List<BracketChoice> _choices = [];
    private int _inBracket;

    private protected ReplayTableView Table { get; } = new();

    /// <summary>Every bracket's choice, in order.</summary>
    public IReadOnlyList<BracketChoice> Choices => _choices;

    public string? ChooseFamily(IStrategyView view, Random random)
    {
        ArgumentNullException.ThrowIfNull(view);
        Table.See(view);
        var available = view.Families;
        if (available.Count == 0) return null;
        if (_inBracket > 0 && _inBracket < BracketSize && available.Contains(_choices[^1].Family))
        {
            _inBracket++;
            return _choices[^1].Family;
        }
        var family = Choose(view, available);
        _choices.Add(new BracketChoice(_choices.Count, family, available));
        _inBracket = 1;
        return family;
    }

    /// <summary>The family for a new bracket, one of <paramref name="available"/>.</summary>
    protected abstract string Choose(IStrategyView view, IReadOnlyList<string> available);
}
