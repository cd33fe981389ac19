using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// V3, BOHB on ASHA (Empirical, INV-23; Coq <c>v3_holds</c>): over at least <see cref="MinimumRepetitions"/>
/// replays, BOHB+ASHA's median regret at the scaled step 6000 minus pure ASHA's is at most
/// <see cref="MaxRegretExcess"/> (falsifier mode 3). The difference form is the pre-registration's
/// (assertions/preregistration.json, vectors.V3: "… minus pure ASHA's &lt;= threshold").
/// </summary>
[Invariant("INV-23")]
public sealed class V3BohbRegret() : RegretExcessClaim("V3", "median_regret_bohb", "median_regret_asha", "repetitions", MinimumRepetitions, MaxRegretExcess)
{
    /// <summary>Replays needed for a verdict (Coq <c>v3_min_repetitions</c>).</summary>
    public const int MinimumRepetitions = 20;

    /// <summary>The largest allowed excess of BOHB's median regret over ASHA's, BPB (Coq <c>v3_max_regret_excess</c>; the pre-registered threshold).</summary>
    public const double MaxRegretExcess = 0.0;

    public static bool Holds(double medianRegretBohb, double medianRegretAsha, int repetitions) =>
        Holds(medianRegretBohb, medianRegretAsha, repetitions, MinimumRepetitions, MaxRegretExcess);
}
