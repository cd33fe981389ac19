using Needle.Audit.Coq;
using Needle.Audit.Registry;

namespace Needle.Audit.Checks;

/// <summary>
/// Steps 3 and 4: compile every _CoqProject file with the real coqc, in dependency order, then ask Coq
/// (Print Assumptions) what each cited theorem rests on. Proven ⇒ Qed/Defined and only allow-listed
/// axioms; Admitted ⇒ Coq lists the theorem itself as an axiom, else the status is stale.
/// </summary>
public static class CoqVerification
{
    /// <summary>Runs both steps; <paramref name="verified"/> receives each invariant's verified status.</summary>
    public static IEnumerable<AuditFinding> Run(AuditContext ctx, CoqCompiler? compiler, Dictionary<string, string> verified)
    {
        var findings = new List<AuditFinding>();
        if (ctx.Project is null) return findings; // step 2 reported it
        if (compiler is null)
        {
            findings.Add(new AuditFinding(AuditStep.CoqCompiles,
                "coqc was not found (NEEDLE_COQC or PATH), so the proofs could not be compiled or their assumptions checked",
                $"install it: {CoqCompiler.InstallHint}; or run the static subset with --static"));
            foreach (var inv in ctx.Registry.Invariants) verified[inv.Id] = "NOT CHECKED: coqc unavailable";
            return findings;
        }

        var indexByProjectFile = ctx.Project.Files
            .Where(f => ctx.Indexes.ContainsKey(ctx.RepoRelative(f)))
            .ToDictionary(f => f, f => ctx.Indexes[ctx.RepoRelative(f)]);
        foreach (var missing in ctx.Project.Files.Where(f => !indexByProjectFile.ContainsKey(f)))
            findings.Add(new AuditFinding(AuditStep.CoqCompiles, $"{ctx.ProjectPath} lists {missing}, which does not exist",
                "remove it from _CoqProject or restore the file", ctx.ProjectPath));
        var order = CoqDependencyOrder.Order(ctx.Project with { Files = indexByProjectFile.Keys.ToList() }, indexByProjectFile, out var cycle);
        if (cycle is not null)
        {
            findings.Add(new AuditFinding(AuditStep.CoqCompiles, $"the proofs Require each other in a cycle: {cycle}",
                "break the cycle; Coq cannot compile it", ctx.ProjectPath));
            return findings;
        }

        using var build = compiler.Compile(ctx.Options.ResolvedProofsRoot, ctx.Project, order);
        foreach (var r in build.Results.Where(r => !r.Compiled))
        {
            var file = ctx.RepoRelative(r.File);
            if (r.BlockedBy is not null)
            {
                findings.Add(new AuditFinding(AuditStep.CoqCompiles, $"{file} was not compiled because it Requires {ctx.RepoRelative(r.BlockedBy)}, which failed",
                    $"fix {ctx.RepoRelative(r.BlockedBy)} first", file));
                continue;
            }
            var theorem = r.ErrorLine is { } l ? indexByProjectFile[r.File].EnclosingTheorem(l)?.Name : null;
            var cited = theorem is null ? null : ctx.Registry.Invariants.FirstOrDefault(i => i.CoqFile == file && i.CoqTheorem == theorem);
            findings.Add(new AuditFinding(AuditStep.CoqCompiles,
                $"coqc failed on {file}{(theorem is null ? "" : $" in theorem {theorem}")}{(cited is null ? "" : $" ({cited.Id})")}: {r.Error}",
                "fix the proof so that coqc accepts it (run: coqc -Q igla Needle.Igla " + r.File + " in proofs/)",
                file, r.ErrorLine, cited?.Id, theorem));
        }

        var queries = ctx.Registry.Invariants
            .Where(i => ctx.Indexes.TryGetValue(i.CoqFile, out var ix) && ix.Find(i.CoqTheorem)?.IsTheorem == true
                        && build.Compiled(ctx.ProjectRelative(i.CoqFile)))
            .Select(i => (File: ctx.ProjectRelative(i.CoqFile), Theorem: i.CoqTheorem))
            .Concat(SatisfiabilityLemmas(ctx, build).Select(x => (File: ctx.ProjectRelative(x.Inv.CoqFile), Theorem: x.Lemma)))
            .Distinct().ToList();
        var (assumptions, error) = compiler.PrintAssumptions(build, queries);
        if (error is not null)
            findings.Add(new AuditFinding(AuditStep.AssumptionsVerified, $"Print Assumptions failed: {error}",
                "check that every cited theorem is declared at the top level of its file"));

        foreach (var (inv, lemma) in SatisfiabilityLemmas(ctx, build))
        {
            if (assumptions.TryGetValue((ctx.ProjectRelative(inv.CoqFile), lemma), out var pa))
                findings.AddRange(JudgeSatisfiability(ctx, inv, lemma, pa));
        }
        foreach (var inv in ctx.Registry.Invariants.Where(i => i.Status != InvariantStatus.Empirical))
        {
            if (!assumptions.TryGetValue((ctx.ProjectRelative(inv.CoqFile), inv.CoqTheorem), out var pa))
            {
                verified[inv.Id] = "NOT VERIFIED: the theorem was not compiled (see findings)";
                continue;
            }
            findings.AddRange(Judge(ctx, inv, pa, verified));
        }
        return findings;
    }

    private static IEnumerable<AuditFinding> Judge(AuditContext ctx, InvariantEntry inv, PrintAssumptions pa, Dictionary<string, string> verified)
    {
        var declaration = ctx.Indexes[inv.CoqFile].Find(inv.CoqTheorem)!;
        var admittedByCoq = pa.ListsItself(inv.CoqTheorem);
        var foreign = pa.OutsideAllowList.Where(a => !a.EndsWith("." + inv.CoqTheorem, StringComparison.Ordinal) && a != inv.CoqTheorem).ToList();
        var where = $"{inv.CoqFile}:{declaration.Line}";
        if (inv.Status == InvariantStatus.Proven)
        {
            var problems = new List<AuditFinding>();
            if (declaration.Ending is not (ProofEnding.Qed or ProofEnding.Defined))
                problems.Add(new AuditFinding(AuditStep.AssumptionsVerified,
                    $"{inv.Id} is Proven in the registry, but theorem {inv.CoqTheorem} ends in {declaration.Ending}{(declaration.EndingLine is { } el ? $" (line {el})" : "")}",
                    "finish the proof with Qed, or mark the invariant Admitted with a reason",
                    inv.CoqFile, declaration.EndingLine ?? declaration.Line, inv.Id, inv.CoqTheorem));
            if (admittedByCoq && problems.Count == 0)
                problems.Add(new AuditFinding(AuditStep.AssumptionsVerified,
                    $"{inv.Id} is Proven in the registry, but Coq lists theorem {inv.CoqTheorem} itself as an axiom (it is admitted)",
                    "finish the proof with Qed, or mark the invariant Admitted", inv.CoqFile, declaration.Line, inv.Id, inv.CoqTheorem));
            if (foreign.Count > 0)
                problems.Add(new AuditFinding(AuditStep.AssumptionsVerified,
                    $"{inv.Id}: theorem {inv.CoqTheorem} rests on axioms outside the allow-list: {string.Join(", ", foreign)}",
                    "prove them, or mark the invariant Admitted and list them with reasons; allowed are only " +
                    string.Join(", ", AxiomAllowList.Allowed.Keys), inv.CoqFile, declaration.Line, inv.Id, inv.CoqTheorem));
            verified[inv.Id] = problems.Count == 0
                ? $"Proven ({where}, {declaration.Ending}; {(pa.Closed ? "closed under the global context" : "axioms: " + string.Join(", ", pa.Axioms.Select(Short)))})"
                : "FAILED: claimed Proven";
            return problems;
        }
        if (!admittedByCoq)
        {
            verified[inv.Id] = "STALE: claimed Admitted, but Coq finds it proven";
            return [new AuditFinding(AuditStep.AssumptionsVerified,
                $"stale status: {inv.Id} is Admitted in the registry, but Coq finds theorem {inv.CoqTheorem} proven " +
                $"({(pa.Closed ? "closed under the global context" : "axioms: " + string.Join(", ", pa.Axioms))})",
                $"mark {inv.Id} Proven and empty its \"admitted\" list", ctx.Registry.Path, inv.Line, inv.Id, inv.CoqTheorem)];
        }
        verified[inv.Id] = $"Admitted ({where}; Coq lists {inv.CoqTheorem} as an axiom)";
        return [];
    }

    /// <summary>Each Admitted invariant's satisfiability lemma that is declared as a theorem in a compiled file.</summary>
    private static IEnumerable<(InvariantEntry Inv, string Lemma)> SatisfiabilityLemmas(AuditContext ctx, CoqBuild build) =>
        ctx.Registry.Invariants
            .Where(i => i.Warrant is { } w && ctx.Indexes.TryGetValue(i.CoqFile, out var ix) && ix.Find(w.SatisfiableLemma)?.IsTheorem == true
                        && build.Compiled(ctx.ProjectRelative(i.CoqFile)))
            .Select(i => (i, i.Warrant!.SatisfiableLemma));

    /// <summary>An Admitted statement's satisfiability lemma must itself be proven: Qed, allow-listed axioms only.</summary>
    private static IEnumerable<AuditFinding> JudgeSatisfiability(AuditContext ctx, InvariantEntry inv, string lemma, PrintAssumptions pa)
    {
        var declaration = ctx.Indexes[inv.CoqFile].Find(lemma)!;
        var foreign = pa.OutsideAllowList.ToList();
        if (declaration.Ending is ProofEnding.Qed or ProofEnding.Defined && foreign.Count == 0) yield break;
        yield return new AuditFinding(AuditStep.AssumptionsVerified,
            $"{inv.Id}: the satisfiability lemma {lemma} is not proven ({declaration.Ending}{(foreign.Count > 0 ? "; rests on " + string.Join(", ", foreign) : "")})",
            $"prove {lemma} with Qed from allow-listed axioms only: it is what shows the hypotheses of {inv.CoqTheorem} can hold",
            inv.CoqFile, declaration.Line, inv.Id, lemma);
    }

    private static string Short(string axiom) => axiom[(axiom.LastIndexOf('.') + 1)..];
}
