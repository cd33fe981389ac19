using Needle.Audit.Registry;
using Needle.Core.Invariants;
using Needle.Core.Preregistration;
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
            foreach (var f in ContractChecks(ctx, catalog, inv)) yield return f;
        }
        var known = ctx.Registry.Invariants.Select(i => i.Id).ToHashSet();
        foreach (var c in catalog.Citations.Where(c => !known.Contains(c.InvariantId)))
            yield return new AuditFinding(AuditStep.CSharpCitations,
                $"{c.MemberFullName} ({c.Assembly}) cites {c.InvariantId}, which the registry does not have",
                $"add {c.InvariantId} to {ctx.Registry.Path} or fix the id in the attribute", ctx.Registry.Path, null, c.InvariantId);
    }

    /// <summary>The runtime check's type runs (an IInvariantCheck); an Empirical predicate is the vector's IEmpiricalClaim; an Admitted search is an ICounterexampleSearch.</summary>
    private static IEnumerable<AuditFinding> ContractChecks(AuditContext ctx, ISymbolCatalog catalog, InvariantEntry inv)
    {
        if (inv.RuntimeCheck is { CheckTypeName: { } checkType } rc)
        {
            var t = catalog.FindType(checkType);
            if (t is null || !typeof(IInvariantCheck).IsAssignableFrom(t) || t.GetConstructor(Type.EmptyTypes) is null)
                yield return new AuditFinding(AuditStep.CSharpCitations,
                    $"{inv.Id}: runtime_check.check {rc.Check} is {(t is null ? "not a type in " + string.Join(", ", catalog.AssemblyNames) : "not an IInvariantCheck with a parameterless constructor")}, so the declared check cannot run",
                    "name a class implementing Needle.Core.Invariants.IInvariantCheck as \"Namespace.Type, Assembly\"",
                    ctx.Registry.Path, rc.Line, inv.Id, inv.CoqTheorem);
            else if (rc.Check!.Split(',') is not [_, var assembly] || assembly.Trim() != t.Assembly.GetName().Name)
                yield return new AuditFinding(AuditStep.CSharpCitations,
                    $"{inv.Id}: runtime_check.check {rc.Check} does not name its assembly ({t.Assembly.GetName().Name}), so the verbs cannot load it",
                    $"write \"{checkType}, {t.Assembly.GetName().Name}\"", ctx.Registry.Path, rc.Line, inv.Id, inv.CoqTheorem);
        }
        if (inv.Empirical is { } e)
        {
            var t = catalog.FindType(e.Predicate);
            var claim = t is not null && typeof(IEmpiricalClaim).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null
                ? (IEmpiricalClaim)Activator.CreateInstance(t)! : null;
            if (claim is null)
                yield return new AuditFinding(AuditStep.CSharpCitations,
                    $"{inv.Id}: predicate {e.Predicate} is not an IEmpiricalClaim type in {string.Join(", ", catalog.AssemblyNames)}",
                    "name the vector's claim class (Needle.Core.Preregistration.V<n>…), which implements IEmpiricalClaim",
                    ctx.Registry.Path, inv.Line, inv.Id, inv.CoqTheorem);
            else if (claim.Vector != e.Vector)
                yield return new AuditFinding(AuditStep.CSharpCitations,
                    $"{inv.Id} is vector {e.Vector}, but its predicate {e.Predicate} is {claim.Vector}'s",
                    "make the registry's vector and the predicate agree", ctx.Registry.Path, inv.Line, inv.Id, inv.CoqTheorem);
        }
        if (inv.Warrant is { } w)
        {
            var t = catalog.FindType(w.CounterexampleSearch);
            if (t is null || !typeof(Admitted.ICounterexampleSearch).IsAssignableFrom(t) || t.GetConstructor(Type.EmptyTypes) is null)
                yield return new AuditFinding(AuditStep.CSharpCitations,
                    $"{inv.Id}: counterexample_search {w.CounterexampleSearch} is not an ICounterexampleSearch type in {string.Join(", ", catalog.AssemblyNames)}",
                    $"write a search over small instances mirroring {inv.CoqTheorem}'s definitions (Needle.Audit.Admitted.ICounterexampleSearch)",
                    ctx.Registry.Path, inv.Line, inv.Id, inv.CoqTheorem);
        }
    }
}
