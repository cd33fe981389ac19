namespace Needle.Audit.Checks;

/// <summary>Step 2: every coq_file exists, is compiled (listed in _CoqProject) and declares its coq_theorem.</summary>
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
        }
    }
}
