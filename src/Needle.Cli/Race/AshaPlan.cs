using Needle.Core.Rungs;

namespace Needle.Cli.Race;

/// <summary>ASHA's plan for a race of <c>trials</c> trials on a ladder: each rung keeps ⌊1/η⌋ of the one below (at least one).</summary>
public static class AshaPlan
{
    /// <summary>Per rung: the steps each surviving trial trains to reach it from the rung below, and how many trials do.</summary>
    public static IEnumerable<(long Steps, long Trials)> Segments(RungLadder ladder, int trials)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        long previous = 0;
        double alive = trials;
        foreach (var rung in ladder.Steps)
        {
            yield return (rung - previous, (long)Math.Max(1, Math.Floor(alive)));
            previous = rung;
            alive /= ladder.Eta;
        }
    }
}
