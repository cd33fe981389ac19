using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Needle.Core.Markdown;
using Needle.Search.Curves;
using Needle.Search.Study;

namespace Needle.Search.Smoke;

/// <summary>
/// The smoke race's report: the scale, one row per run (canon name, family, where it ended, its BPB there against the
/// unigram entropy, b∞ with its 95% interval or "insufficient evidence", state) and the criteria table with each
/// criterion's kind (run evidence or configuration check). BPB to 3 decimals; the JSON keeps full precision.
/// </summary>
public static class SmokeReport
{
    public static string Markdown(SmokeRaceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var e = result.Evidence;
        var s = new StringBuilder();
        s.AppendLine("# GATE-0 smoke race");
        s.AppendLine();
        s.AppendLine($"Plan {result.Plan.SourcePath}, {result.Plan.DescribeScale()}.");
        s.AppendLine("An `NCA` name trains the HYBRID family with the NCA entropy-band loss (weight 0.25). BPB is next-byte bits per byte on " +
                     $"validation (tokens bytes-ascii): the run's last report, on the whole 100,000-byte split at step {e.Steps}, on the study's " +
                     $"seeded window sample before it. A run has learned when it ends below {SmokeCriteria.LearnedBpb} " +
                     $"(unigram entropy {SmokeCriteria.UnigramEntropy}).");
        s.AppendLine();
        var runs = new MarkdownTable("run", "family", "ended at", "BPB", "learned (vs 4.78)", "predicted b∞ (95% CI)", "state");
        foreach (var run in e.Runs)
        {
            var family = run.Model + (run.NcaWeight > 0 ? $" + NCA {run.NcaWeight.ToString(CultureInfo.InvariantCulture)}" : "");
            var end = run.End is { } p ? p.Step.ToString(CultureInfo.InvariantCulture) + (p.Step == e.Steps ? " (whole split)" : "") : "—";
            var bpb = run.End is { } q ? F(q.Bpb) : "—";
            var learned = run.Diverging ? "declared diverging" : run.End is { } r && r.Bpb < SmokeCriteria.LearnedBpb ? $"yes ({F(SmokeCriteria.UnigramEntropy - r.Bpb)} below)" : "NO";
            var state = run.State + (run.State is TrialState.Killed or TrialState.Diverged && run.Error is { } why ? ": " + why : "") + (run.Declared ? "" : " (hunt replacement)");
            runs.Add(run.Canon, family, end, bpb, learned, Forecast(run.Curve), state);
        }
        runs.AppendTo(s).AppendLine();
        var criteria = new MarkdownTable("#", "criterion", "kind", "verdict", "evidence");
        foreach (var c in result.Criteria)
            criteria.Add(c.Number.ToString(CultureInfo.InvariantCulture), c.Title, c.Kind, c.Verdict, Rounded(c));
        criteria.AppendTo(s).AppendLine();
        s.AppendLine($"Overall: {(result.AllGreen ? "GREEN" : "RED")} ({result.Criteria.Count(c => c.Green)}/{result.Criteria.Count} criteria GREEN; " +
                     $"{result.Criteria.Count(c => c.ConfigurationOnly)} of them configuration checks only).");
        return s.ToString();
    }

    public static JsonObject Json(SmokeRaceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var runs = new JsonArray();
        foreach (var r in result.Evidence.Runs)
        {
            var node = new JsonObject
            {
                ["canon"] = r.Canon, ["seed"] = r.Seed, ["family"] = r.Model, ["nca_weight"] = r.NcaWeight, ["state"] = r.State.ToString(),
                ["last_step"] = r.LastStep, ["end_step"] = r.End?.Step, ["final_bpb"] = r.End?.Bpb, ["reports"] = r.Curve.Count,
                ["declared"] = r.Declared, ["diverging"] = r.Diverging, ["error"] = r.Error,
                ["learned"] = !r.Diverging && r.End is { } p && p.Bpb < SmokeCriteria.LearnedBpb,
            };
            if (PowerLawCurveFit.Fit(r.Curve) is CurveForecast.Fitted f)
            {
                node["b_inf"] = f.Asymptote;
                node["b_inf_lower"] = f.AsymptoteInterval.Lower;
                node["b_inf_upper"] = f.AsymptoteInterval.Upper;
            }
            else node["b_inf"] = "insufficient evidence";
            runs.Add(node);
        }
        var criteria = new JsonArray();
        foreach (var c in result.Criteria)
            criteria.Add(new JsonObject { ["number"] = c.Number, ["title"] = c.Title, ["kind"] = c.Kind, ["verdict"] = c.Verdict, ["evidence"] = c.Evidence });
        return new JsonObject
        {
            ["study"] = result.StudyPath, ["plan"] = result.Plan.Name, ["scale"] = result.Plan.DescribeScale(), ["all_green"] = result.AllGreen,
            ["unigram_entropy"] = SmokeCriteria.UnigramEntropy, ["runs"] = runs, ["criteria"] = criteria,
        };
    }

    /// <summary>b∞ with its interval, or "insufficient evidence" (the fit refuses intervals wider than 1 BPB or reaching below 0).</summary>
    public static string Forecast(IReadOnlyList<CurvePoint> curve) => PowerLawCurveFit.Fit(curve) switch
    {
        CurveForecast.Fitted f => $"{F(f.Asymptote)} [{F(f.AsymptoteInterval.Lower)}, {F(f.AsymptoteInterval.Upper)}]",
        _ => "insufficient evidence",
    };

    private static string F(double x) => double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : x.ToString(CultureInfo.InvariantCulture);

    /// <summary>Criterion 14 quotes full-precision BPBs; the report shows them rounded (their equality is the verdict).</summary>
    private static string Rounded(SmokeCriterion c) =>
        c.Number == 14 ? System.Text.RegularExpressions.Regex.Replace(c.Evidence, @"\d+\.\d{4,}", m => F(double.Parse(m.Value, CultureInfo.InvariantCulture)))
            : c.Evidence;
}
