using Needle.Audit.Symbols;

namespace Needle.Audit.Checks;

/// <summary>
/// Step 6: every invariant is cited by an [Invariant("INV-n")] on C# code (found by reflection), its
/// runtime_target names a member that exists, and no C# cites an id the registry does not have.
/// </summary>
public static class CitationCheck
{
    public static IEnumerable<AuditFinding> Run(AuditContext ctx, ISymbolCatalog catalog)
    {
        var searched = string.Join(", ", catalog.AssemblyNames);
        foreach (var inv in ctx.Registry.Invariants)
        {
            if (!catalog.Citations.Any(c => c.InvariantId == inv.Id))
                yield return new AuditFinding(AuditStep.CSharpCitations,
                    $"{inv.Id} ({inv.Name}) has no C# citation: no [Invariant(\"{inv.Id}\")] in {searched}",
                    $"put [Invariant(\"{inv.Id}\")] on the code that enforces it ({inv.RuntimeTarget})",
                    ctx.Registry.Path, inv.Line, inv.Id, inv.CoqTheorem);
            if (!catalog.MemberExists(inv.RuntimeTarget))
                yield return new AuditFinding(AuditStep.CSharpCitations,
                    $"{inv.Id}: runtime_target {inv.RuntimeTarget} does not exist in {searched}",
                    "name an existing type or member by its full name (Namespace.Type.Member)",
                    ctx.Registry.Path, inv.Line, inv.Id, inv.CoqTheorem);
        }
        var known = ctx.Registry.Invariants.Select(i => i.Id).ToHashSet();
        foreach (var c in catalog.Citations.Where(c => !known.Contains(c.InvariantId)))
            yield return new AuditFinding(AuditStep.CSharpCitations,
                $"{c.MemberFullName} ({c.Assembly}) cites {c.InvariantId}, which the registry does not have",
                $"add {c.InvariantId} to {ctx.Registry.Path} or fix the id in the attribute", ctx.Registry.Path, null, c.InvariantId);
    }
}
