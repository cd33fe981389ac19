using Needle.Search.Curves;

namespace Needle.Reporting.StudyReports;

/// <summary>One trial: its stored curve and the power-law fit of it (or why there is none).</summary>
public sealed record TrialSummary(
    long Id, int Number, string Canon, uint Seed, string State, int Bracket, string? Error,
    IReadOnlyList<CurvePoint> Curve, CurveForecast Forecast)
{
    /// <summary>A short label for charts and tables: "#3 seed 42".</summary>
    public string Label => $"#{Number} seed {Seed}";
}
