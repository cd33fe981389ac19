namespace Needle.Audit.Tests.Support;

/// <summary>
/// Invariants whose enforcing C# is written in other branches (engine, ledger, search) and arrives when they
/// are merged. Before the merge the audit must report exactly these as unresolved C# citations / anchors;
/// after it, nothing. Tests use this to accept those findings, and only those, and only while the type is
/// really absent — so once merged the same tests demand a clean audit.
/// </summary>
public static class PendingCitations
{
    public static readonly IReadOnlyDictionary<string, string> OwnerTypeById = new Dictionary<string, string>
    {
        ["INV-3"] = "Needle.Core.Canon.DeployValidator",
        ["INV-4"] = "Needle.Core.Rungs.RungLadder",
        ["INV-5"] = "Needle.Search.Asha.AshaScheduler",
        ["INV-6"] = "Needle.Core.Gates.VictoryGate",
        ["INV-7"] = "Needle.Training.Evaluation.BpbEma",
    };

    /// <summary>True when <paramref name="finding"/> is an unresolved citation or anchor of an invariant whose C# is not merged yet.</summary>
    public static bool IsPendingMerge(Needle.Audit.Checks.AuditFinding finding, Needle.Audit.Symbols.ISymbolCatalog catalog) =>
        finding.Step is Needle.Audit.Checks.AuditStep.CSharpCitations or Needle.Audit.Checks.AuditStep.NumericAnchors
        && finding.InvariantId is { } id
        && OwnerTypeById.TryGetValue(id, out var type)
        && !catalog.MemberExists(type);
}
