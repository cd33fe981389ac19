using Needle.Search.Asha;
using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>
/// A second opinion at a rung, after ASHA has decided (V4's surrogate plugs in here): it sees every decision, and may
/// stop a trial ASHA promoted — never revive one ASHA stopped. The race records the stop as ASHA's decision turned to
/// Stop (state Pruned) and stores the veto's reason on the trial.
/// </summary>
public interface IRungVeto
{
    /// <summary>Null to let the decision stand; else why the promoted <paramref name="trial"/> stops at <paramref name="rung"/>.</summary>
    /// <param name="trial">The trial ASHA decided on.</param>
    /// <param name="rung">The rung (step) the decision is at.</param>
    /// <param name="curve">The trial's reports up to the rung (what the race has paid for).</param>
    /// <param name="asha">ASHA's decision; only a promotion can be vetoed.</param>
    string? Veto(TrialRecord trial, long rung, IReadOnlyList<(long Step, double Bpb)> curve, RungOutcome asha);
}
