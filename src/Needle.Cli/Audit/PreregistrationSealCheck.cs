using Needle.Audit.Checks;
using Needle.Audit.Empirical;
using Needle.Core.Gates;
using Needle.Core.Ledger;

namespace Needle.Cli.Audit;

/// <summary>
/// Step 8, the plan's side: the committed ledger (assertions/seed_results.jsonl) must be sealed to the current
/// assertions/preregistration.json from its first data row on. An edit of the plan after that row is a finding (the
/// same <see cref="PreregistrationSeal"/> rule `ledger check` and `ledger emit` apply — one implementation), so no
/// threshold, α or vector rule can be moved after data exist without the audit saying so. It lives here, not in
/// Needle.Audit, because the rule is Needle.Ledger's and the audit references only Needle.Core.
/// </summary>
public sealed class PreregistrationSealCheck : IPreregistrationSealCheck
{
    public const string LedgerPath = "assertions/seed_results.jsonl";

    public IEnumerable<AuditFinding> Run(string repositoryRoot)
    {
        var ledger = Path.Combine(repositoryRoot, LedgerPath);
        var planPath = Path.Combine(repositoryRoot, PreregisteredPlan.RelativePath);
        if (!File.Exists(ledger) || !File.Exists(planPath)) return [];
        PreregisteredPlan plan;
        try { plan = PreregisteredPlan.Load(planPath); }
        catch (GateBookException e)
        {
            return [new AuditFinding(AuditStep.EmpiricalEvidence, $"{PreregisteredPlan.RelativePath} cannot be read: {e.Message}",
                "restore the pre-registration from git (git log -p assertions/preregistration.json)", PreregisteredPlan.RelativePath, null, null, null)];
        }
        LedgerDocument document;
        try { document = LedgerReader.Read(ledger); }
        catch (LedgerIoException e)
        {
            return [new AuditFinding(AuditStep.EmpiricalEvidence, e.Message, "make the ledger readable", LedgerPath, null, null, null)];
        }
        return PreregistrationSeal.Check(document, plan) is { } f
            ? [new AuditFinding(AuditStep.EmpiricalEvidence, $"{f.Rule}: {f.Message}",
                "the plan must not change after the first data row: restore it, or start a new ledger", LedgerPath, f.Line, null, null)]
            : [];
    }
}
