namespace Needle.Reporting.Plots;

/// <summary>
/// One trial on the learning-curve chart: the observed points, optionally the power-law fit with its band (null when
/// the fit had insufficient evidence — the chart then shows the observed curve alone), and its rung decisions.
/// </summary>
public sealed record TrialCurve(string Label, IReadOnlyList<PlotPoint> Observed, BandSeries? Fit, IReadOnlyList<RungMark> Marks);
