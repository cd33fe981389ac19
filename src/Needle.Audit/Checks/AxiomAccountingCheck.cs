namespace Needle.Audit.Checks;

/// <summary>
/// Step 5: every Axiom/Parameter-like declaration, every Admitted proof and every admit/give_up tactic in
/// proofs/ is named in the "admitted" list of an Admitted invariant — and every name on those lists exists.
/// </summary>
public static class AxiomAccountingCheck
{
    public static IEnumerable<AuditFinding> Run(AuditContext ctx)
    {
        var accounted = ctx.Registry.Invariants.SelectMany(i => i.Admitted.Select(a => (a.Lemma, Inv: i, a.Line)))
            .GroupBy(a => a.Lemma).ToDictionary(g => g.Key, g => g.First());
        var declared = new HashSet<string>();
        foreach (var (file, index) in ctx.Indexes)
        {
            foreach (var d in index.Declarations)
            {
                declared.Add(d.Name);
                if (d.StatesNothing)
                    yield return new AuditFinding(AuditStep.AxiomsAccounted,
                        $"{d.Keyword} {d.Name} : True states nothing — an unproven result disguised as an assumption of True",
                        "state the real claim with its full type and end it in Admitted, listed with a reason in an Admitted invariant",
                        file, d.Line, null, d.Name);
                var what =
                    d.IsAssumption ? $"{d.Keyword} {d.Name}" :
                    d.Ending == Coq.ProofEnding.Admitted ? $"{d.Keyword} {d.Name} ends in Admitted" :
                    d.AdmitLines.Count > 0 ? $"{d.Keyword} {d.Name} uses admit (line {string.Join(", ", d.AdmitLines)})" :
                    null;
                if (what is null || accounted.ContainsKey(d.Name)) continue;
                var line = d.IsAssumption || d.AdmitLines.Count == 0 ? d.Line : d.AdmitLines[0];
                yield return new AuditFinding(AuditStep.AxiomsAccounted,
                    $"{what}: not accounted for by any Admitted invariant",
                    d.IsAssumption
                        ? "an assumption must be a statement with its full type, ended in Admitted and listed with a reason in an Admitted invariant's \"admitted\" list; never an Axiom of True"
                        : $"finish the proof, or list {d.Name} with an honest reason in an Admitted invariant's \"admitted\" list",
                    file, line, null, d.Name);
            }
        }
        foreach (var (lemma, (_, inv, line)) in accounted)
        {
            if (!declared.Contains(lemma))
                yield return new AuditFinding(AuditStep.AxiomsAccounted,
                    $"{inv.Id} lists admitted lemma {lemma}, which no file under proofs/ declares",
                    "remove the stale name or restore the lemma", ctx.Registry.Path, line, inv.Id, lemma);
        }
    }
}
