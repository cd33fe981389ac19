namespace Needle.Search.Replay;

/// <summary>Which family the next configuration comes from (V6's bandit plugs in here); null = no preference.</summary>
public interface IFamilyBandit
{
    string? ChooseFamily(IStrategyView view, Random random);
}
