using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bohb;

/// <summary>
/// "The scaled step 6000" of V3's falsifier. The pre-registered plan counted steps on its own ladder, whose horizon
/// was 27,000 steps (rungs 1000·3^k); step 6000 is 2/9 of the way to it. A replay's search has no single step counter
/// (many trials, several workers), so the same fraction is taken of the search's own length: the point in simulated
/// time at 6000/27000 of pure ASHA's median total time on the same history and repetitions — early enough that the
/// order in which configurations are tried still matters (at the end, on a finite table, every sampler has tried
/// everything), late enough that BOHB has had its d + 1 observations.
/// </summary>
public static class ScaledStep
{
    /// <summary>The pre-registered step.</summary>
    public const double PlanStep = 6000;

    /// <summary>The horizon of the plan's ladder (1000·3³).</summary>
    public const double PlanHorizon = 27000;

    /// <summary>The simulated time of the scaled step, given ASHA's repetitions on the same history.</summary>
    public static double Seconds(IReadOnlyList<ReplayRepetition> ashaRuns)
    {
        if (ashaRuns.Count == 0) throw new ArgumentException("the scaled step needs ASHA's repetitions", nameof(ashaRuns));
        var totals = ashaRuns.Select(r => r.TotalSeconds).Order().ToList();
        return PlanStep / PlanHorizon * ReplayBenchmark.Quantile(totals, 0.5);
    }

    /// <summary>
    /// A repetition's regret (incumbent − best final BPB) at <paramref name="seconds"/>; before any rung was reached, the
    /// regret of the worst first-rung result <paramref name="noIncumbent"/> (nothing known is as bad as the worst).
    /// </summary>
    public static double RegretAt(ReplayRepetition run, double seconds, double noIncumbent)
    {
        ArgumentNullException.ThrowIfNull(run);
        var regret = noIncumbent;
        foreach (var (t, r) in run.Regret)
        {
            if (t > seconds) break;
            regret = r;
        }
        return regret;
    }
}
