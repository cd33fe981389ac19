namespace Needle.Core.Rungs;

/// <summary>
/// Hyperband's brackets over a ladder (Li et al. 2018), with R = the ladder's last rung and the rungs themselves
/// as the budgets: s_max = rungs − 1; bracket s starts at rung s_max − s with n_s = ⌈(s_max+1)/(s+1) · η^s⌉ trials,
/// of which ⌊n_s·η^−i⌋ are alive at its i-th rung. Using the ladder's own rungs (instead of R·η^−s) keeps the
/// brackets on the explicit, not-quite-geometric six-rung plan too.
/// </summary>
public static class HyperbandBrackets
{
    /// <summary>Every bracket of <paramref name="ladder"/>, most exploratory (s = s_max) first.</summary>
    public static IReadOnlyList<HyperbandBracket> For(RungLadder ladder)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var sMax = ladder.Count - 1;
        var brackets = new List<HyperbandBracket>(ladder.Count);
        for (var s = sMax; s >= 0; s--)
        {
            var entry = sMax - s;
            var etaPowS = Pow(ladder.Eta, s);
            // ⌈(s_max+1)·η^s / (s+1)⌉ in integers, so the table is exact.
            var n = ((sMax + 1) * etaPowS + s) / (s + 1);
            var steps = new List<long>();
            var population = new List<long>();
            for (var i = 0; i <= s; i++)
            {
                steps.Add(ladder.Steps[entry + i]);
                population.Add(n / Pow(ladder.Eta, i));
            }
            brackets.Add(new HyperbandBracket(s, entry, steps, population));
        }
        return brackets;
    }

    private static long Pow(int b, int e)
    {
        long r = 1;
        for (var i = 0; i < e; i++) r = checked(r * b);
        return r;
    }
}
