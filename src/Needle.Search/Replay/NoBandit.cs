namespace Needle.Search.Replay;

/// <summary>No family preference.</summary>
public sealed class NoBandit : IFamilyBandit
{
    public string? ChooseFamily(IStrategyView view, Random random) => null;
}
