namespace Needle.Search.Accelerators.Bohb;

/// <summary>
/// BOHB's model of one budget (Falkner et al. 2018, Alg. 2): the observations at that budget split into the best
/// <see cref="GoodShare"/> and the rest, a <see cref="ProductKde"/> fitted to each, and the acquisition l(x)/g(x)
/// (the tree-Parzen ratio, maximal where good configurations are dense and bad ones sparse). The good set holds at
/// least two points (one point has no spread) and the bad set at least one.
/// </summary>
public sealed class BohbModel
{
    /// <summary>The share of observations called good (the paper's q = 15%).</summary>
    public const double GoodShare = 0.15;

    /// <summary>Candidates drawn from the good KDE for a live proposal (the paper's N_s = 64).</summary>
    public const int Candidates = 64;

    /// <summary>The factor that widens the good KDE's bandwidth when sampling candidates (the paper's b_w = 3).</summary>
    public const double BandwidthFactor = 3;

    private readonly ProductKde _good;
    private readonly ProductKde _bad;

    public ConfigEncoding Encoding { get; }

    public long Budget { get; }

    private BohbModel(ConfigEncoding encoding, long budget, ProductKde good, ProductKde bad) =>
        (Encoding, Budget, _good, _bad) = (encoding, budget, good, bad);

    /// <summary>The fewest observations at a budget for a model: d + 1 (the paper's N_min), and at least 3 so both sets exist.</summary>
    public static int MinimumObservations(ConfigEncoding encoding) => Math.Max(encoding.Count + 1, 3);

    /// <summary>
    /// The model of the highest budget with enough observations, or null when none has. <paramref name="observations"/>
    /// holds, per budget (training steps), every (configuration, BPB observed at that budget).
    /// </summary>
    public static BohbModel? Fit(ConfigEncoding encoding, IReadOnlyDictionary<long, List<(IReadOnlyDictionary<string, string> Config, double Bpb)>> observations)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(observations);
        foreach (var (budget, seen) in observations.OrderByDescending(o => o.Key))
        {
            if (seen.Count < MinimumObservations(encoding)) continue;
            // Stable order: ties in BPB keep the order observed, so the split is a function of the data.
            var ranked = seen.Select((o, i) => (o, i)).OrderBy(x => x.o.Bpb).ThenBy(x => x.i).Select(x => encoding.Encode(x.o.Config)).ToList();
            var goodCount = Math.Clamp((int)Math.Floor(GoodShare * ranked.Count), 2, ranked.Count - 1);
            return new BohbModel(encoding, budget, new ProductKde(encoding, ranked[..goodCount]), new ProductKde(encoding, ranked[goodCount..]));
        }
        return null;
    }

    /// <summary>log l(x) − log g(x): the acquisition, in logs (the densities underflow).</summary>
    public double LogRatio(IReadOnlyDictionary<string, string> config)
    {
        var x = Encoding.Encode(config);
        return _good.LogDensity(x) - _bad.LogDensity(x);
    }

    /// <summary>
    /// A new configuration (live search): <see cref="Candidates"/> draws from the good KDE with its bandwidth widened
    /// by <see cref="BandwidthFactor"/>, the one with the largest l/g, decoded over <paramref name="template"/> (the
    /// race space's constant levers).
    /// </summary>
    public SortedDictionary<string, string> Propose(Random random, IReadOnlyDictionary<string, string> template)
    {
        ArgumentNullException.ThrowIfNull(random);
        double[]? best = null;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < Candidates; i++)
        {
            var x = _good.Sample(random, BandwidthFactor);
            var score = _good.LogDensity(x) - _bad.LogDensity(x);
            if (best is null || score > bestScore) (best, bestScore) = (x, score);
        }
        return Encoding.Decode(best!, template);
    }
}
