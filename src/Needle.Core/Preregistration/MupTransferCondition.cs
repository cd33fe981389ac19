using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// INV-13, pre-registered and Admitted in Coq (<c>mup_lr_transfer</c>): under muP the learning rate that is
/// optimal at a proxy width is within <see cref="ToleranceLog2"/> octaves of the optimum at the target width.
/// This predicate is the measurement that can refute it: feed it the two sweeps.
/// </summary>
[Invariant("INV-13")]
public static class MupTransferCondition
{
    /// <summary>Allowed |log2(lr_target) − log2(lr_proxy)|: one octave, i.e. within a factor of 2.</summary>
    public const double ToleranceLog2 = 1.0;

    /// <summary>True when the two optimal learning rates agree within <see cref="ToleranceLog2"/> octaves.</summary>
    public static bool Holds(double proxyOptimalLr, double targetOptimalLr)
    {
        RequirePositiveFinite(proxyOptimalLr, nameof(proxyOptimalLr));
        RequirePositiveFinite(targetOptimalLr, nameof(targetOptimalLr));
        return Math.Abs(Math.Log2(targetOptimalLr) - Math.Log2(proxyOptimalLr)) <= ToleranceLog2;
    }

    /// <summary>The condition on two learning-rate sweeps (lr, final BPB): compares their arg-min learning rates.</summary>
    public static bool Holds(IReadOnlyList<(double Lr, double Bpb)> proxySweep, IReadOnlyList<(double Lr, double Bpb)> targetSweep) =>
        Holds(OptimalLr(proxySweep, nameof(proxySweep)), OptimalLr(targetSweep, nameof(targetSweep)));

    /// <summary>The learning rate with the lowest BPB (the first such on ties, so the answer is deterministic).</summary>
    public static double OptimalLr(IReadOnlyList<(double Lr, double Bpb)> sweep, string name = "sweep")
    {
        if (sweep.Count == 0) throw new ArgumentException($"{name} is empty: a learning-rate sweep needs at least one point.", name);
        var best = sweep[0];
        foreach (var point in sweep)
        {
            RequirePositiveFinite(point.Lr, name + ".Lr");
            if (!double.IsFinite(point.Bpb)) throw new ArgumentException($"{name} has a non-finite BPB at lr {point.Lr}.", name);
            if (point.Bpb < best.Bpb) best = point;
        }
        return best.Lr;
    }

    private static void RequirePositiveFinite(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "A learning rate must be positive and finite.");
    }
}
