namespace Needle.Core.Preregistration;

/// <summary>
/// The claim shape V3 and V6 share: measured on the same replays, a candidate's regret minus a baseline's is at most
/// a pre-registered excess, and at least a minimum number of measurements back it (with fewer there is no verdict,
/// so the claim does not hold). Each vector names its statistic's three fields and supplies its two constants.
/// </summary>
public abstract class RegretExcessClaim : IEmpiricalClaim
{
    private readonly int _minimumCount;
    private readonly double _maxExcess;

    /// <param name="vector">"V3", "V6".</param>
    /// <param name="candidate">The statistic field holding the candidate's regret.</param>
    /// <param name="baseline">The statistic field holding the baseline's regret on the same replays.</param>
    /// <param name="count">The statistic field counting the measurements (replays, brackets).</param>
    /// <param name="minimumCount">The fewest measurements a verdict needs.</param>
    /// <param name="maxExcess">The largest allowed excess of the candidate's regret over the baseline's.</param>
    protected RegretExcessClaim(string vector, string candidate, string baseline, string count, int minimumCount, double maxExcess)
    {
        Vector = vector;
        StatisticNames = [candidate, baseline, count];
        (_minimumCount, _maxExcess) = (minimumCount, maxExcess);
    }

    public string Vector { get; }

    public IReadOnlyList<string> StatisticNames { get; }

    /// <summary>The regret clause alone: the candidate's regret exceeds the baseline's by at most <paramref name="maxExcess"/>.</summary>
    public static bool WithinExcess(double candidateRegret, double baselineRegret, double maxExcess) =>
        candidateRegret - baselineRegret <= maxExcess;

    /// <summary>The whole claim: the regret clause, on at least <paramref name="minimumCount"/> measurements.</summary>
    protected static bool Holds(double candidateRegret, double baselineRegret, int count, int minimumCount, double maxExcess)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return WithinExcess(candidateRegret, baselineRegret, maxExcess) && count >= minimumCount;
    }

    public bool Holds(IReadOnlyDictionary<string, double> statistic) =>
        Holds(EmpiricalStatistic.Real(statistic, Vector, StatisticNames[0]), EmpiricalStatistic.Real(statistic, Vector, StatisticNames[1]),
            EmpiricalStatistic.Count(statistic, Vector, StatisticNames[2]), _minimumCount, _maxExcess);
}
