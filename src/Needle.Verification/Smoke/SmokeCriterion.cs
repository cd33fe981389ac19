namespace Needle.Search.Smoke;

/// <summary>
/// One acceptance criterion of the smoke race, judged GREEN or RED with the evidence it was judged on.
/// <paramref name="ConfigurationOnly"/>: the criterion can only check the configuration (nothing the race did could
/// turn it RED); the report says so.
/// </summary>
public sealed record SmokeCriterion(int Number, string Title, bool Green, string Evidence, bool ConfigurationOnly = false)
{
    public string Verdict => Green ? "GREEN" : "RED";

    public string Kind => ConfigurationOnly ? "configuration check" : "run evidence";
}
