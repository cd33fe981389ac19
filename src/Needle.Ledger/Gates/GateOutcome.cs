namespace Needle.Core.Gates;

/// <summary>
/// A gate's decision over a whole ledger: one outcome per claim that put rows on the gate's seeds, the
/// tripwire rows (anywhere in the ledger) and findings that belong to no claim.
/// </summary>
public sealed record GateOutcome(
    GateDefinition Gate, double AlphaUsed, int Arms, IReadOnlyList<ClaimOutcome> Claims,
    IReadOnlyList<GateFinding> Tripwires, IReadOnlyList<GateFinding> LedgerFindings)
{
    public bool IsTripwire => Tripwires.Count > 0;
    /// <summary>A ledger-level finding (no claim, an unsealed or edited pre-registration) blocks every claim.</summary>
    public bool IsVictory => !IsTripwire && LedgerFindings.Count == 0 && Claims.Any(c => c.IsVictory);
    public bool GatePassed => !IsTripwire && LedgerFindings.Count == 0 && Claims.Any(c => c.GatePassed);

    /// <summary>0 victory, 2 gate passed but not significant, 4 rejected, 12 tripwire.</summary>
    public int ExitCode => IsTripwire ? LedgerExitCodes.Tripwire
        : IsVictory ? LedgerExitCodes.Victory
        : GatePassed ? LedgerExitCodes.NotSignificant
        : LedgerExitCodes.GateRejected;

    /// <summary>Every finding, tripwires first, in a stable order.</summary>
    public IEnumerable<GateFinding> AllFindings =>
        Tripwires.Concat(LedgerFindings).Concat(Claims.SelectMany(c => c.Findings));
}
