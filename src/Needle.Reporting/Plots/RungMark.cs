namespace Needle.Reporting.Plots;

/// <summary>A rung decision drawn at (step, BPB) on a trial's curve.</summary>
public readonly record struct RungMark(double X, double Y, RungMarkKind Kind);

/// <summary>What happened to a trial at a rung: shown as a marker on its learning curve.</summary>
public enum RungMarkKind
{
    /// <summary>Promoted to the next rung (ASHA kept it).</summary>
    Promoted,

    /// <summary>Stopped at this rung (pruned, or stopped early by the race).</summary>
    Pruned,
}
