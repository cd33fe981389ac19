using Needle.Core.Invariants;

namespace Needle.Core.Preregistration;

/// <summary>
/// V6, UCB1 over families (Empirical, INV-26; Coq <c>v6_holds</c>): over the last <see cref="Window"/> brackets
/// the cumulative regret of UCB1's family choice minus uniform allocation's on the same replay is at most
/// <see cref="MaxRegretExcess"/> (falsifier mode 6; the pre-registration's difference form). UCB1's textbook
/// bound (Auer et al. 2002, Thm 1) is about expected regret under a stochastic model; this is the measured
/// claim on this history.
/// </summary>
[Invariant("INV-26")]
public sealed class V6UcbRegret() : RegretExcessClaim("V6", "regret_ucb", "regret_uniform", "brackets", Window, MaxRegretExcess)
{
    /// <summary>The brackets compared (Coq <c>v6_window</c>); a replay with fewer has no verdict.</summary>
    public const int Window = 10;

    /// <summary>The largest allowed excess of UCB1's cumulative regret over uniform allocation's (Coq <c>v6_max_regret_excess</c>; the pre-registered threshold).</summary>
    public const double MaxRegretExcess = 0.0;

    public static bool Holds(double regretUcb, double regretUniform, int brackets) =>
        Holds(regretUcb, regretUniform, brackets, Window, MaxRegretExcess);
}
