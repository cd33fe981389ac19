using Needle.Core.Ledger;

namespace Needle.Core.Gates;

/// <summary>
/// The ledger's pre-registration seal: a header line {"_preregistration_sha256": "…"} written by `ledger emit`
/// just before the first data row. The plan may be edited freely before any data exists; after, its hash no
/// longer matches the seal and the ledger cannot hold a victory (an α, a target or an embargo chosen after
/// seeing results is no pre-registration). The check lives here, in Core, so `ledger check`, `ledger emit`
/// and any audit step share one implementation.
/// </summary>
public static class PreregistrationSeal
{
    /// <summary>The header line that seals a ledger to <paramref name="plan"/>.</summary>
    public static string HeaderLine(PreregisteredPlan plan) =>
        $"{{\"{LedgerFields.PreregistrationSeal}\":\"{plan.Sha256}\",\"_preregistration\":\"{PreregistrationPath(plan)}\"}}";

    /// <summary>Null when the ledger is sealed to this exact plan (or holds no data row yet); else the finding.</summary>
    public static GateFinding? Check(LedgerDocument document, PreregisteredPlan plan)
    {
        var first = document.Entries.Count == 0 ? (int?)null : document.Entries.Min(e => e.Line);
        if (first is null) return null;
        return document.Seal switch
        {
            null => new GateFinding(GateRule.PreregistrationNotSealed, first, null,
                $"{document.File} has data from line {first} but no header line with {LedgerFields.PreregistrationSeal} before it: " +
                "the rows cannot be shown to follow the pre-registration (`ledger emit` seals a new ledger at its first row)"),
            { } s when s.PreregistrationSha256 != plan.Sha256 => new GateFinding(GateRule.PreregistrationEdited, s.Line, null,
                $"{plan.File} has SHA-256 {plan.Sha256}, but line {s.Line} sealed the ledger to {s.PreregistrationSha256} before its first data row (line {first}): " +
                "the pre-registration was edited after data existed — restore it (git log -p assertions/preregistration.json) or start a new ledger"),
            _ => null,
        };
    }

    /// <summary>The refusal `ledger emit` gives for the same condition (null = the row may be appended).</summary>
    public static LedgerRejection? CheckAppend(ExistingLedger existing, PreregisteredPlan plan) => existing switch
    {
        { HasNoRows: true, Seal: null } => null, // the writer seals it with this row
        { Seal: null } => new(LedgerFields.PreregistrationSeal,
            "the ledger holds data rows but no pre-registration seal before them; start a new ledger (emit seals it at its first row)", RejectionKind.Policy),
        { Seal: { } s } when s.PreregistrationSha256 != plan.Sha256 => new(LedgerFields.PreregistrationSeal,
            $"line {s.Line} seals the ledger to pre-registration {s.PreregistrationSha256[..12]}…, but {plan.File} now hashes to {plan.Sha256[..12]}…: " +
            "the pre-registration was edited after the ledger started; restore it or start a new ledger", RejectionKind.Policy),
        _ => null,
    };

    private static string PreregistrationPath(PreregisteredPlan plan) => PreregisteredPlan.RelativePath.Replace('\\', '/');
}
