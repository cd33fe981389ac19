namespace Needle.Search.Smoke;

/// <summary>One acceptance criterion of the smoke race, judged GREEN or RED with the evidence it was judged on.</summary>
public sealed record SmokeCriterion(int Number, string Title, bool Green, string Evidence)
{
    public string Verdict => Green ? "GREEN" : "RED";
}
