using System.Globalization;
using Needle.Search.Curves;

namespace Needle.Reporting.StudyReports;

/// <summary>How numbers and fits read in both renderings of the report (invariant culture, fixed decimals).</summary>
internal static class ReportText
{
    public static string Bpb(double v) => double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

    public static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Fit(CurveForecast forecast) => forecast switch
    {
        CurveForecast.Fitted f => $"{Bpb(f.Asymptote)} [{Bpb(f.AsymptoteInterval.Lower)}, {Bpb(f.AsymptoteInterval.Upper)}]",
        CurveForecast.InsufficientEvidence e => $"no fit: {e.Reason}",
        _ => forecast.ToString() ?? "",
    };

    public static string Ladder(StudyOverview o) =>
        $"{string.Join(", ", o.Ladder.Steps.Select(Int))} (η = {Int(o.Ladder.Eta)})";

    public static string States(StudyOverview o) =>
        o.TrialsByState.Count == 0 ? "none" : string.Join(", ", o.TrialsByState.Select(kv => $"{kv.Key} {Int(kv.Value)}"));

    public static string Timestamp(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Outcome(Needle.Search.Asha.RungOutcome o) => o switch
    {
        Needle.Search.Asha.RungOutcome.Promote => "promoted",
        Needle.Search.Asha.RungOutcome.Stop => "pruned",
        Needle.Search.Asha.RungOutcome.Complete => "completed",
        _ => o.ToString(),
    };

    public static int NoBand(StudyReport r) => r.Trials.Count(t => t.Forecast is not CurveForecast.Fitted && t.Curve.Count > 0);
}
