using Needle.Search.Curves;
using Needle.Search.Seeds;
using Needle.Search.Study;

namespace Needle.Search.Hunt;

/// <summary>One trial's standing at a rung: its BPB there, its fitted b∞ (or why not), and its seed state.</summary>
public sealed record HuntRow(
    long TrialId, string Canon, uint Seed, TrialState TrialState, double BpbAtRung, CurveForecast Forecast,
    SeedAssessment Assessment, bool InTopAtRung)
{
    /// <summary>The history-calibrated prediction at the horizon (null when the hunt ran without a history).</summary>
    public FinalForecast? Final { get; init; }

    public double? Asymptote => Forecast is CurveForecast.Fitted f ? f.Asymptote : null;
    public Interval? AsymptoteInterval => Forecast is CurveForecast.Fitted f ? f.AsymptoteInterval : null;
}
