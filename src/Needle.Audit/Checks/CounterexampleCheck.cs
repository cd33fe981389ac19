using Needle.Audit.Admitted;
using Needle.Audit.Registry;
using Needle.Audit.Symbols;

namespace Needle.Audit.Checks;

/// <summary>
/// Step 9: every Admitted statement's counterexample search runs; a counterexample, a search that mirrors another
/// theorem, or a blind search (no instance met the hypotheses) fails the audit.
/// </summary>
public static class CounterexampleCheck
{
    public static IEnumerable<AuditFinding> Run(AuditContext ctx, ISymbolCatalog catalog, Dictionary<string, string> searched)
    {
        foreach (var inv in ctx.Registry.Invariants.Where(i => i.Status == InvariantStatus.Admitted && i.Warrant is not null))
        {
            var type = catalog.FindType(inv.Warrant!.CounterexampleSearch);
            if (type is null || !typeof(ICounterexampleSearch).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
                continue; // step 6 reports it
            var search = (ICounterexampleSearch)Activator.CreateInstance(type)!;
            if (search.Theorem != inv.CoqTheorem)
            {
                yield return Finding(ctx, inv, $"{inv.Id}: counterexample_search {type.FullName} mirrors {search.Theorem}, not {inv.CoqTheorem}",
                    $"name the search that mirrors {inv.CoqTheorem}");
                continue;
            }
            var result = search.Search();
            searched[inv.Id] = $"{result.InstancesMeetingHypotheses} of {result.InstancesTried} instances met the hypotheses";
            if (result.Counterexample is { } c)
                yield return Finding(ctx, inv,
                    $"{inv.Id}: the admitted statement {inv.CoqTheorem} is FALSE — counterexample: {c}. An admitted false statement is an inconsistent axiom",
                    "remove the admission: correct the statement (with a source for the corrected one), or make the claim Empirical (a definition over measured data)");
            else if (result.InstancesMeetingHypotheses == 0)
                yield return Finding(ctx, inv,
                    $"{inv.Id}: the counterexample search for {inv.CoqTheorem} tried {result.InstancesTried} instances and none met the hypotheses: it is blind",
                    "search instances that satisfy every hypothesis (the satisfiability lemma names one)");
        }
    }

    private static AuditFinding Finding(AuditContext ctx, InvariantEntry inv, string message, string fix) =>
        new(AuditStep.CounterexampleSearch, message, fix, inv.CoqFile, ctx.Indexes.TryGetValue(inv.CoqFile, out var ix) ? ix.Find(inv.CoqTheorem)?.Line : null,
            inv.Id, inv.CoqTheorem);
}
