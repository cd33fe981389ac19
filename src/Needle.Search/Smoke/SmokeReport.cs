using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Needle.Search.Curves;

namespace Needle.Search.Smoke;

/// <summary>
/// The smoke race's report: one row per run (canon name, final BPB, predicted b∞ with its 95% interval or
/// "insufficient evidence", state) and the criteria table. Numbers are rounded (BPB to 3 decimals) so the text is
/// stable for a snapshot on one machine; the JSON keeps full precision.
/// </summary>
public static class SmokeReport
{
    public static string Markdown(SmokeRaceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = new StringBuilder();
        s.AppendLine("# GATE-0 smoke race");
        s.AppendLine();
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Scale: {result.Scale.Describe()}."));
        s.AppendLine();
        s.AppendLine("| run | final BPB | predicted b∞ (95% CI) | state |");
        s.AppendLine("|---|---|---|---|");
        foreach (var run in result.Evidence.Runs)
        {
            var final = run.Curve.Count > 0 && run.Curve[^1].Step == result.Scale.Steps ? F(run.Curve[^1].Bpb) : "—";
            s.AppendLine($"| {run.Canon} | {final} | {Forecast(run.Curve)} | {run.State} |");
        }
        s.AppendLine();
        s.AppendLine("| # | criterion | verdict | evidence |");
        s.AppendLine("|---|---|---|---|");
        foreach (var c in result.Criteria)
            s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Number} | {c.Title} | {c.Verdict} | {Rounded(c)} |"));
        s.AppendLine();
        s.AppendLine($"Overall: {(result.AllGreen ? "GREEN" : "RED")} ({result.Criteria.Count(c => c.Green)}/{result.Criteria.Count} criteria GREEN).");
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
                ["canon"] = r.Canon, ["state"] = r.State.ToString(), ["lastStep"] = r.LastStep,
                ["finalBpb"] = r.Curve.Count > 0 ? r.Curve[^1].Bpb : null, ["reports"] = r.Curve.Count,
            };
            if (PowerLawCurveFit.Fit(r.Curve) is CurveForecast.Fitted f)
            {
                node["bInf"] = f.Asymptote;
                node["bInfLower"] = f.AsymptoteInterval.Lower;
                node["bInfUpper"] = f.AsymptoteInterval.Upper;
            }
            else node["bInf"] = "insufficient evidence";
            runs.Add(node);
        }
        var criteria = new JsonArray();
        foreach (var c in result.Criteria)
            criteria.Add(new JsonObject { ["number"] = c.Number, ["title"] = c.Title, ["verdict"] = c.Verdict, ["evidence"] = c.Evidence });
        return new JsonObject
        {
            ["study"] = result.StudyPath, ["scale"] = result.Scale.Describe(), ["allGreen"] = result.AllGreen,
            ["runs"] = runs, ["criteria"] = criteria,
        };
    }

    private static string Forecast(IReadOnlyList<CurvePoint> curve) => PowerLawCurveFit.Fit(curve) switch
    {
        CurveForecast.Fitted f => $"{F(f.Asymptote)} [{F(f.AsymptoteInterval.Lower)}, {F(f.AsymptoteInterval.Upper)}]",
        CurveForecast.InsufficientEvidence => "insufficient evidence",
        _ => "insufficient evidence",
    };

    private static string F(double x) => double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : x.ToString(CultureInfo.InvariantCulture);

    /// <summary>Criterion 14 quotes full-precision BPBs; the report shows them rounded (their equality is the verdict).</summary>
    private static string Rounded(SmokeCriterion c) =>
        c.Number == 14 ? System.Text.RegularExpressions.Regex.Replace(c.Evidence, @"\d+\.\d{4,}", m => F(double.Parse(m.Value, CultureInfo.InvariantCulture)))
            : c.Evidence;
}
