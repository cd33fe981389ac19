using System.Globalization;
using Needle.Core.Falsification;
using Needle.Core.Gates;
using Needle.Core.Preregistration;
using Needle.Search.History;

namespace Needle.Search.Compound;

/// <summary>
/// H's witnesses (<c>needle falsify --only h</c>). The null simulation must be able to fail: the real victory predicate
/// (control) keeps its false-positive rate ≤ α under the null, while two planted lax predicates — "the seeds' mean is
/// below μ0" (no test) and the t-test at α = 0.05 without Bonferroni — must exceed α on the same draws. And each of
/// H's falsifiers, firing alone on an otherwise supporting statistic, must make the pre-registered predicate say
/// "refuted". Runs on the committed history's measured seed-to-seed variance.
/// </summary>
public sealed class HFalsificationSuite : IFalsificationSuite
{
    private const int Draws = 20_000;

    public string Name => "h";
    public string Vector => "H";

    public IReadOnlyList<WitnessResult> Run(FalsificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<WitnessResult>();
        var table = HistoryTable.Load(Path.Combine(context.RepositoryRoot, "data", "history"));
        var variance = SeedVariance.Measure(table);
        var plan = PreregisteredPlan.Load(Path.Combine(context.RepositoryRoot, PreregisteredPlan.RelativePath));
        var gate = GateBook.Load(Path.Combine(context.RepositoryRoot, GateBook.RelativePath)).Find("gate-2");
        if (variance is null)
        {
            results.Add(new WitnessResult("null simulation", "a measured seed-to-seed variance", false, false,
                "the history export has no multi-seed configuration: the null simulation cannot run") { Passed = false });
        }
        else
        {
            var sigma = variance.StandardDeviation;
            var control = NullFalsePositiveRate.Simulate("gate", NullFalsePositiveRate.GatePredicate(gate, plan), gate, sigma, Draws, CompoundedClaim.NullSeed);
            var ok = control.Rate <= HCompoundedSpeedup.MaxFalsePositiveRate;
            results.Add(new WitnessResult("control: the victory gate under the null", $"false-positive rate ≤ α = {HCompoundedSpeedup.MaxFalsePositiveRate}",
                !ok, ok, Describe(control)) { Passed = ok });
            foreach (var (name, predicate) in new (string, Func<IReadOnlyList<double>, bool>)[]
                     {
                         ("mean-below-mu0 (no test)", b => b.Average() < gate.Mu0),
                         ("t-test at 0.05, no Bonferroni", b => VictoryGate.IsVictory(b, gate, 0.05)),
                     })
            {
                var e = NullFalsePositiveRate.Simulate(name, predicate, gate, sigma, Draws, CompoundedClaim.NullSeed);
                var rejected = e.Rate > HCompoundedSpeedup.MaxFalsePositiveRate;
                results.Add(new WitnessResult($"lax predicate: {name}", $"simulated false-positive rate > α = {HCompoundedSpeedup.MaxFalsePositiveRate}",
                    rejected, rejected, Describe(e)));
            }
        }

        var supporting = Supporting();
        var supported = HCompoundedSpeedup.Judge(supporting) == true;
        results.Add(new WitnessResult("control: a statistic meeting every threshold", "supported", !supported, supported,
            $"judged {Words(HCompoundedSpeedup.Judge(supporting))}") { Passed = supported });
        foreach (var (field, value, why) in new (string, double, string)[]
                 {
                     ("first_promotion_ratio", 0.6, "first promotion slower than 0.5× ASHA's"),
                     ("proxy_failure_share", 0.4, "more than 30% of proxy-promoted configurations fail"),
                     ("unreproducible_victory_rows", 1, "a victory row cannot be reproduced"),
                     ("false_positive_rate", 0.02, "null false-positive rate above α"),
                     ("speedup_ci_high", 40, "speed-up interval entirely below 50× on a history able to show 50×"),
                 })
        {
            var s = Supporting();
            s[field] = value;
            if (field == "speedup_ci_high") { s["speedup_ci_low"] = 30; s["speedup_median"] = 35; }
            var verdict = HCompoundedSpeedup.Judge(s);
            results.Add(new WitnessResult($"falsifier fires: {field} = {value.ToString(CultureInfo.InvariantCulture)}", $"refuted ({why})",
                verdict == false, verdict == false, $"judged {Words(verdict)}"));
        }
        return results;
    }

    private static Dictionary<string, double> Supporting() => new(StringComparer.Ordinal)
    {
        ["speedup_median"] = 80, ["speedup_ci_low"] = 60, ["speedup_ci_high"] = 100, ["max_measurable_speedup"] = 200, ["repetitions"] = 20,
        ["first_promotion_ratio"] = 0.4, ["proxy_failure_share"] = 0.2, ["unreproducible_victory_rows"] = 0, ["victory_rows"] = 3,
        ["false_positive_rate"] = 0.001, ["null_draws"] = 20_000,
    };

    private static string Words(bool? verdict) => verdict switch { true => "supported", false => "refuted", null => "not determinable" };

    private static string Describe(NullFalsePositiveRate.Estimate e) => string.Create(CultureInfo.InvariantCulture,
        $"SIMULATION: {e.Victories} of {e.Draws} null draws called a victory ({e.Rate:0.00000}, 95% [{e.Wilson95.Low:0.00000}, {e.Wilson95.High:0.00000}]; σ = {e.Sigma:0.0000}, {e.Gate})");
}
