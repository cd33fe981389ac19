namespace Needle.Reporting.Plots;

/// <summary>One point of a chart, in data units.</summary>
public readonly record struct PlotPoint(double X, double Y);
