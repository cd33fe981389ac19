using System.Globalization;
using Needle.Search.Study;
using Needle.Training.Models.Families;

namespace Needle.Search.Smoke;

/// <summary>
/// The GATE-0 smoke race's runs: 7 tags × 3 seeds (500, 501, 502), named <c>IGLA-&lt;MODEL&gt;-FP32-&lt;TAG&gt;-SMOKE-seed&lt;N&gt;</c>.
/// Tag → config: WSD = warm-up/stable/decay schedule; BS8 = batch 8; GRADFIX-JEPAT = the JEPA-T family;
/// GRADFIX-NCA = the HYBRID family with the NCA entropy-band auxiliary loss (weight 0.25, the upstream's; the engine's
/// ATTN has no auxiliary-loss hook); EMA10 = an EMA of the weights with decay 0.9 (≈ a 10-step window), whose final
/// whole-split BPB is the run's last report; h512 / h768 = MLP hidden widths 512 and 768 divided by the scale's divisor.
/// </summary>
public static class SmokePlan
{
    public static IReadOnlyList<string> Tags { get; } = ["WSD", "BS8", "GRADFIX-JEPAT", "GRADFIX-NCA", "EMA10", "h512", "h768"];
    public static IReadOnlyList<uint> Seeds { get; } = [500, 501, 502];

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
}
