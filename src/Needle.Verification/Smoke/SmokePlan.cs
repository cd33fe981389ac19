using Needle.Search.Plans;

namespace Needle.Search.Smoke;

/// <summary>
/// The GATE-0 smoke race's runs, as declared in <c>plans/gate0.json</c>: HYBRID for WSD, BS8, EMA10, h512 and h768
/// (seeds 500–502, 510–512, 540–542, 550–552, 560–562), JEPA-T GRADFIX (520–522), NCA GRADFIX (530–532: an
/// <c>NCA</c> name trains the HYBRID family with the NCA entropy-band loss, weight 0.25), and one canary declared
/// diverging (lr 5, seed 590) that the live hunt must kill and replace.
/// </summary>
public static class SmokePlan
{
    public const string PlanName = "gate0";

    /// <summary>The shipped GATE-0 plan at <paramref name="scale"/> (null: its default, "machine").</summary>
    public static ResolvedPlan Resolve(string? scale = null) =>
        PlanLoader.Resolve(PlanCatalog.Shipped(PlanName), "plans/" + PlanName + ".json", scale);
}
