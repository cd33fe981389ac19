using Needle.Core.Rungs;

namespace Needle.Cli.Race;

/// <summary>
/// Stretches a space's ladder so that a new race fills its wall-clock budget instead of ending early: a user who gives
/// the race an hour expects the hour to buy a better model than ten minutes do. Every rung is multiplied by one
/// factor (rounded to the report cadence, η kept), chosen so the ASHA plan's estimated wall time is
/// <see cref="Fill"/> of the budget; the remainder absorbs evaluations and the estimate's error. Never shrinks a
/// ladder: a budget too small for the space's ladder leaves it as written (the race then resumes across runs).
/// </summary>
public static class BudgetSizedLadder
{
    /// <summary>Share of the budget the plan is sized to (the rest is margin for evaluation and checkpoints).</summary>
    public const double Fill = 0.8;

    /// <summary>
    /// Step-times on the critical path of ASHA's plan with <paramref name="parallel"/> trials at a time: at each rung the
    /// surviving trials (each rung keeps ⌊1/η⌋ of the one below, at least one) run in waves of <paramref name="parallel"/>.
    /// The last rungs run one trial while other workers idle, so wall time is not total steps / workers.
    /// </summary>
    public static long WallSteps(RungLadder ladder, int trials, int parallel)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        return AshaPlan.Segments(ladder, trials).Sum(s => (s.Trials + parallel - 1) / parallel * s.Steps);
    }

    /// <summary>
    /// The ladder scaled to <paramref name="budget"/> at <paramref name="stepsPerSecond"/> per trial (measured by a
    /// probe on this machine), or <paramref name="ladder"/> itself when it already fills the budget.
    /// </summary>
    public static RungLadder Size(RungLadder ladder, int trials, int parallel, int reportEvery, double stepsPerSecond, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentOutOfRangeException.ThrowIfLessThan(reportEvery, 1);
        if (!(stepsPerSecond > 0) || double.IsInfinity(stepsPerSecond))
            throw new ArgumentOutOfRangeException(nameof(stepsPerSecond), stepsPerSecond, "must be a positive, finite speed");
        var factor = Fill * budget.TotalSeconds * stepsPerSecond / WallSteps(ladder, trials, parallel);
        if (factor <= 1) return ladder;
        var steps = new long[ladder.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            var scaled = (long)Math.Round(ladder.Steps[i] * factor / reportEvery) * reportEvery;
            steps[i] = Math.Max(ladder.Steps[i], Math.Max(scaled, i == 0 ? 0 : steps[i - 1] + reportEvery));
        }
        return RungLadder.Explicit(steps, ladder.Eta);
    }
}
