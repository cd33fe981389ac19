using Needle.Core.Gates;

namespace Needle.Core.Ledger.Falsification;

/// <summary>
/// One synthetic witness: how to damage the accepted control ledger, and how to tell that the check rejected
/// it for the rule the witness targets (not merely rejected it).
/// </summary>
internal sealed record LedgerWitness(
    string Name,
    string ExpectedReason,
    Func<LedgerFixture, LedgerFixture> Damage,
    Func<LedgerCheckResult, LedgerFixture, string?> FindRightReason);
