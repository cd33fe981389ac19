using Needle.Audit.Registry;

namespace Needle.Audit.Checks;

/// <summary>
/// Step 2: every coq_file exists, is compiled (listed in _CoqProject) and declares its coq_theorem (a theorem),
/// or for an Empirical claim its coq_definition (a Definition, never a theorem or axiom); an Admitted statement's
/// satisfiability lemma is declared too.
/// </summary>
public static class TheoremDeclarationCheck
{
    public static IEnumerable<AuditFinding> Run(AuditContext ctx)
    {
        if (ctx.Project is null)
            yield return new AuditFinding(AuditStep.TheoremsDeclared, $"{ctx.ProjectPath} does not exist, so nothing says what to compile",
                "create it with the -Q mapping and every .v file", ctx.ProjectPath);
        foreach (var inv in ctx.Registry.Invariants)
        {
            if (!ctx.Indexes.TryGetValue(inv.CoqFile, out var index))
            {
                yield return new AuditFinding(AuditStep.TheoremsDeclared,
                    $"{inv.Id} cites {inv.CoqFile}, which does not exist",
                    $"fix coq_file at {ctx.At(inv.Line)} (a path from the repository root, e.g. proofs/igla/Trinity.v)",
                    ctx.Registry.Path, inv.Line, inv.Id, inv.CoqTheorem);
                continue;
            }
            if (ctx.Project is not null && !ctx.Project.Files.Contains(ctx.ProjectRelative(inv.CoqFile)))
                yield return new AuditFinding(AuditStep.TheoremsDeclared,
                    $"{inv.CoqFile} (cited by {inv.Id}) is not listed in {ctx.ProjectPath}, so coqc never checks it",
                    $"add {ctx.ProjectRelative(inv.CoqFile)} to {ctx.ProjectPath}", inv.CoqFile, null, inv.Id, inv.CoqTheorem);
            var declaration = index.Find(inv.CoqTheorem);
            if (inv.Status == InvariantStatus.Empirical)
            {
                // An Empirical claim is a definition of its predicate: a theorem or an axiom would claim it holds.
                if (declaration is null || declaration.IsTheorem || declaration.IsAssumption)
                    yield return new AuditFinding(AuditStep.TheoremsDeclared,
                        declaration is null
                            ? $"{inv.CoqFile} does not define {inv.CoqTheorem} (the predicate of Empirical {inv.Id})"
                            : $"{inv.CoqFile}:{declaration.Line} declares {inv.CoqTheorem} as a {declaration.Keyword}, but {inv.Id} is Empirical: its predicate must be a Definition (no theorem, no axiom)",
                        $"write Definition {inv.CoqTheorem} (…) : Prop := … over the measured statistics",
                        inv.CoqFile, declaration?.Line, inv.Id, inv.CoqTheorem);
                continue;
            }
            if (declaration is null || !declaration.IsTheorem)
            {
                var near = index.Declarations.Where(d => d.IsTheorem).Select(d => d.Name).ToList();
                yield return new AuditFinding(AuditStep.TheoremsDeclared,
                    declaration is null
                        ? $"{inv.CoqFile} does not declare theorem {inv.CoqTheorem} (cited by {inv.Id} at {ctx.At(inv.Line)})"
                        : $"{inv.CoqFile}:{declaration.Line} declares {inv.CoqTheorem} as a {declaration.Keyword}, not a theorem (cited by {inv.Id})",
                    $"cite a theorem the file declares ({string.Join(", ", near)}) or restore {inv.CoqTheorem}",
                    inv.CoqFile, declaration?.Line, inv.Id, inv.CoqTheorem);
            }
            if (inv.Warrant is { } w && index.Find(w.SatisfiableLemma) is not { IsTheorem: true })
                yield return new AuditFinding(AuditStep.TheoremsDeclared,
                    $"{inv.CoqFile} does not declare lemma {w.SatisfiableLemma}, which Admitted {inv.Id} names as the proof that its hypotheses are satisfiable",
                    $"prove in {inv.CoqFile} a lemma exhibiting values that meet every hypothesis of {inv.CoqTheorem} (an admitted statement with unsatisfiable hypotheses says nothing)",
                    inv.CoqFile, null, inv.Id, w.SatisfiableLemma);
        }
    }
}
