using Needle.Core.Ledger;
using Needle.Core.Statistics;

namespace Needle.Core.Gates;

/// <summary>
/// The gate's judgement of one claim — the rows that share a canon name up to the seed (one configuration
/// run on several seeds). <see cref="GateRows"/> are the claim's non-reproduction rows on the gate's seeds,
/// sorted by seed; the statistics use exactly these rows.
/// </summary>
public sealed record ClaimOutcome(
    string Claim, IReadOnlyList<LedgerEntry> GateRows, IReadOnlyList<GateFinding> Findings,
    TTestResult? OneSample, TTestResult? Welch, Verdict? Verdict)
{
    public bool GatePassed => Findings.Count == 0;
    public bool IsVictory => GatePassed && Verdict == Statistics.Verdict.Better;
}
