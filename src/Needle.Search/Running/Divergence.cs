using System.Globalization;

namespace Needle.Search.Running;

/// <summary>
/// When a trial has diverged: its BPB is NaN, infinite, or above 8 bits per byte — worse than the uniform
/// distribution over 256 byte values, so the model has learned nothing and lost more. Such a trial is Diverged,
/// never Completed (before this rule a trial at lr 5 "completed" with BPB 417 and took part in ASHA's ranking).
/// </summary>
public static class Divergence
{
    /// <summary>log2(256): the BPB of the uniform byte distribution.</summary>
    public const double UniformBpb = 8.0;

    /// <summary>The reason <paramref name="bpb"/> at <paramref name="step"/> is a divergence, or null when it is not.</summary>
    public static string? Reason(long step, double bpb) =>
        double.IsNaN(bpb) ? Invariant($"DIVERGED: BPB is NaN at step {step}")
        : double.IsInfinity(bpb) ? Invariant($"DIVERGED: BPB is infinite at step {step}")
        : bpb > UniformBpb ? Invariant($"DIVERGED: BPB {bpb:0.###} at step {step} is above {UniformBpb} (worse than uniform over 256 bytes)")
        : null;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
