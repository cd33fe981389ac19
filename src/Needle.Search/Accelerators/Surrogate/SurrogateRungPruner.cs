using System.Globalization;
using Needle.Search.Asha;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// V4 in a race (replayed or live): at the second rung, a trial ASHA promoted is stopped when its surrogate-predicted
/// final BPB is above <paramref name="threshold"/> — in the bottom 60% of the history's predictions. Trials ASHA stops
/// are left alone (the veto never revives), and so is a trial the surrogate cannot predict (no report at a rung).
/// </summary>
public sealed class SurrogateRungPruner(
    Func<TrialRecord, IReadOnlyList<(long Step, double Bpb)>, double?> predict, long rung2, double threshold) : IRungVeto
{
    /// <summary>The start of every reason this pruner writes (reports and tests find its prunes by it).</summary>
    public const string ReasonPrefix = "V4 surrogate:";

    public string? Veto(TrialRecord trial, long rung, IReadOnlyList<(long Step, double Bpb)> curve, RungOutcome asha)
    {
        if (rung != rung2 || asha != RungOutcome.Promote) return null;
        if (predict(trial, curve) is not { } predicted || predicted <= threshold) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{ReasonPrefix} predicted final BPB {predicted:0.0000} > {threshold:0.0000} (bottom 60% of the history's predictions), pruned after rung {rung2}");
    }
}
