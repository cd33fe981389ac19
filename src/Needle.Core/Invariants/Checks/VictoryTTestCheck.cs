using Needle.Core.Statistics;

namespace Needle.Core.Invariants.Checks;

/// <summary>
/// INV-6 at run time (start of a ledger check): the one-sample t-test the victory gate decides with never calls
/// "Better" a sample whose mean is not below mu0 (Victory.v's victory_mean_below_mu0), nor an undefined t (zero
/// variance, fewer than two values), and does call a clearly lower sample Better.
/// </summary>
public sealed class VictoryTTestCheck : IInvariantCheck
{
    public string? FindViolation()
    {
        const double mu0 = 1.55;
        const double alpha = 0.01 / 7; // Bonferroni over the seven accelerators: the strictest α the gate uses
        double[][] notBelow = [[1.55, 1.56, 1.54], [1.6, 1.7, 1.65, 1.62], [1.50, 1.50, 1.50], [1.2]];
        foreach (var sample in notBelow)
        {
            var r = OneSampleTTest.LowerTail(sample, mu0, alpha);
            if (r.Verdict == Verdict.Better) return $"the t-test called [{string.Join(", ", sample)}] Better than mu0 {mu0}";
        }
        var clear = OneSampleTTest.LowerTail([1.20, 1.21, 1.19, 1.20, 1.22], mu0, alpha);
        return clear.Verdict == Verdict.Better ? null : $"the t-test did not call a sample 0.35 below mu0 Better (t = {clear.T})";
    }
}
