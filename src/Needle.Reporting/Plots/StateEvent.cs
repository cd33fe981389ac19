namespace Needle.Reporting.Plots;

/// <summary>One state observation on a timeline: row <see cref="Row"/> (e.g. a seed) was in <see cref="State"/> at <see cref="X"/>.</summary>
public readonly record struct StateEvent(int Row, double X, string State);
