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

<<<<<<< HEAD
    /// <summary>The shipped GATE-0 plan at <paramref name="scale"/> (null: its default, "machine").</summary>
    public static ResolvedPlan Resolve(string? scale = null) =>
        PlanLoader.Resolve(PlanCatalog.Shipped(PlanName), "plans/" + PlanName + ".json", scale);
=======
    /// <summary>One run: its spec and the hidden width it trains with (for the deploy rules).</summary>
    public sealed record Run(TrialSpec Spec, int Hidden, string Tag);

    public static IReadOnlyList<Run> Runs(SmokeScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var runs = new List<Run>();
        foreach (var tag in Tags)
            foreach (var seed in Seeds)
            {
                var (model, config) = ConfigFor(tag, scale);
                var hidden = int.Parse(config["hidden"], CultureInfo.InvariantCulture);
                var name = string.Create(CultureInfo.InvariantCulture, $"IGLA-{model}-FP32-{tag}-SMOKE-seed{seed}");
                runs.Add(new Run(new TrialSpec(name, seed, config), hidden, tag));
            }
        return runs;
    }

    private static (string CanonModel, Dictionary<string, string> Config) ConfigFor(string tag, SmokeScale s)
    {
        var c = new Dictionary<string, string>
        {
            ["model"] = "attn", ["d_model"] = I(s.DModel), ["layers"] = I(s.Layers), ["heads"] = I(s.Heads), ["ctx"] = I(s.Ctx),
            ["hidden"] = I(s.DModel * 4), ["batch"] = I(s.Batch), ["steps"] = I(s.Steps), ["lr"] = "0.003",
            ["format"] = "FP32", ["threads"] = "1",
        };
        var model = "ATTN";
        switch (tag)
        {
            case "WSD": c["schedule"] = "wsd"; break;
            case "BS8": c["batch"] = "8"; break;
            case "GRADFIX-JEPAT": c["model"] = FamilyNames.JepaT; model = FamilyNames.JepaT; break;
            case "GRADFIX-NCA": c["model"] = FamilyNames.Hybrid; c["nca"] = "0.25"; model = FamilyNames.Hybrid; break;
            case "EMA10": c["weight_ema"] = "0.9"; break;
            case "h512": c["hidden"] = I(512 / s.WidthDivisor); break;
            case "h768": c["hidden"] = I(768 / s.WidthDivisor); break;
            default: throw new ArgumentException($"unknown smoke tag '{tag}'");
        }
        return (model, c);
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
>>>>>>> main
}
