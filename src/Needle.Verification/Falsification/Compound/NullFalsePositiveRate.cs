using Needle.Core.Gates;
using Needle.Core.Statistics;

namespace Needle.Search.Compound;

/// <summary>
/// A SIMULATION of the victory predicate's false-positive rate under the null (H's falsifier 4): each draw gives the
/// gate's seeds BPBs from N(μ0, σ²) — the true mean is exactly μ0, no configuration is better — with σ the history's
/// measured seed-to-seed standard deviation, and asks the predicate whether this is a victory. The share of draws it
/// calls a victory estimates its false-positive rate. Deterministic: one seed drives every draw.
/// </summary>
public static class NullFalsePositiveRate
{
    public const int DefaultDraws = 20_000;

    /// <summary>The result of one simulation, with its 95% Wilson interval (the estimate is itself a sample).</summary>
    public sealed record Estimate(string Predicate, string Gate, double Sigma, int Draws, int Victories, double Alpha)
    {
        public double Rate => (double)Victories / Draws;

        public (double Low, double High) Wilson95
        {
            get
            {
                const double z = 1.959963984540054;
                double n = Draws, p = Rate;
                var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
                var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
                return (Math.Max(0, centre - half), Math.Min(1, centre + half));
            }
        }
    }

    /// <summary>The real predicate: <see cref="VictoryGate.IsVictory"/> at α / Bonferroni arms (the pre-registration's).</summary>
    public static Func<IReadOnlyList<double>, bool> GatePredicate(GateDefinition gate, PreregisteredPlan plan)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(plan);
        var alpha = Bonferroni.Alpha(gate.Alpha, plan.BonferroniArms);
        return bpbs => VictoryGate.IsVictory(bpbs, gate, alpha);
    }

    public static Estimate Simulate(string predicateName, Func<IReadOnlyList<double>, bool> isVictory, GateDefinition gate, double sigma,
        int draws, int seed)
    {
        ArgumentNullException.ThrowIfNull(isVictory);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "the seed-to-seed σ must be positive and finite");
        var random = new Random(seed);
        var victories = 0;
        var bpbs = new double[gate.Seeds.Count];
        for (var d = 0; d < draws; d++)
        {
            for (var i = 0; i < bpbs.Length; i++) bpbs[i] = gate.Mu0 + sigma * Normal(random);
            if (isVictory(bpbs)) victories++;
        }
        return new Estimate(predicateName, gate.Name, sigma, draws, victories, gate.Alpha);
    }

    /// <summary>A standard normal draw (Box–Muller), from <paramref name="random"/> only.</summary>
    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
