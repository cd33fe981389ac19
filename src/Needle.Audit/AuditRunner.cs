using System.Globalization;
using Needle.Audit.Checks;
using Needle.Audit.Coq;
using Needle.Audit.Empirical;
using Needle.Audit.Registry;
using Needle.Audit.Reporting;
using Needle.Audit.Symbols;

namespace Needle.Audit;

/// <summary>
/// The invariant audit: registry ↔ Coq ↔ C# ↔ evidence. Runs the nine steps (or the static subset without coqc) and
/// returns every finding plus a row per invariant with its three citations and verified status.
/// </summary>
public static class AuditRunner
{
    public static AuditReport Run(AuditOptions options)
    {
        var steps = options.StaticOnly ? AuditSteps.Static : AuditSteps.All;
        var registryPath = options.Display(options.ResolvedAssertionsPath);
        var (registry, findings) = RegistryReader.Read(options.ResolvedAssertionsPath, registryPath);
        var all = new List<AuditFinding>(findings);
        if (registry is null) return new AuditReport(steps, all, [], registryPath) { Evidence = [] };

        var ctx = new AuditContext(options, registry);
        var catalog = options.Catalog ?? ReflectionSymbolCatalog.ForNeedle();
        var verified = new Dictionary<string, string>();

        all.AddRange(TheoremDeclarationCheck.Run(ctx));
        if (!options.StaticOnly)
        {
            var compiler = options.Compiler ?? (CoqCompiler.Locate() is { } coqc ? new CoqCompiler(coqc) : null);
            all.AddRange(CoqVerification.Run(ctx, compiler, verified));
            all.AddRange(AxiomAccountingCheck.Run(ctx));
        }
        all.AddRange(CitationCheck.Run(ctx, catalog));
        all.AddRange(NumericAnchorCheck.Run(ctx, catalog));
        all.AddRange(CoqConstantCheck.Run(ctx, catalog));
        var evidence = new List<EvidenceVerdict>();
        all.AddRange(EvidenceCheck.Run(ctx, catalog, options.Commits ?? new GitEvidenceCommits(options.RepoRoot), options.RequireEvidence, evidence));
        if (options.SealCheck is { } seal) all.AddRange(seal.Run(options.RepoRoot));
        foreach (var v in evidence) verified[v.InvariantId] = "Empirical: " + v.Summary;
        var searched = new Dictionary<string, string>();
        all.AddRange(CounterexampleCheck.Run(ctx, catalog, searched));
        foreach (var (id, what) in searched)
            if (verified.TryGetValue(id, out var v)) verified[id] = $"{v}; counterexample search: {what}";

        var rows = registry.Invariants.OrderBy(i => i.Number).Select(i => Row(ctx, catalog, i, verified)).ToList();
        var ordered = all.OrderBy(f => f.Step).ThenBy(f => f.InvariantId is null ? int.MaxValue : IdNumber(f.InvariantId))
            .ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Message, StringComparer.Ordinal).ToList();
        return new AuditReport(steps, ordered, rows, registryPath) { Evidence = evidence.OrderBy(v => v.Vector, StringComparer.Ordinal).ToList() };
    }

    private static InvariantRow Row(AuditContext ctx, ISymbolCatalog catalog, InvariantEntry inv, Dictionary<string, string> verified)
    {
        var line = ctx.Indexes.TryGetValue(inv.CoqFile, out var ix) ? ix.Find(inv.CoqTheorem)?.Line : null;
        var anchors = inv.NumericAnchors.Select(a =>
        {
            var c = catalog.ReadConstant(a.ConstantFullName, out _);
            var mark = c is null ? "missing" : c.Value.Equals(a.Value) ? "=" : "≠ " + c.Value.ToString("R", CultureInfo.InvariantCulture);
            return $"{a.ConstantFullName} = {a.Written} ({mark})";
        }).ToList();
        return new InvariantRow(
            inv.Id, inv.Name, inv.Status.ToString(),
            $"{inv.CoqFile}{(line is null ? "" : ":" + line)} {inv.CoqTheorem}{(inv.Status == InvariantStatus.Empirical ? " (definition)" : "")}",
            catalog.Citations.Where(c => c.InvariantId == inv.Id).Select(c => c.MemberFullName).ToList(),
            inv.RuntimeTarget, catalog.MemberExists(inv.RuntimeTarget), anchors,
            verified.TryGetValue(inv.Id, out var v) ? v : ctx.Options.StaticOnly ? "not checked (static subset: no coqc)" : "not checked");
    }

    private static int IdNumber(string id) =>
        int.TryParse(id.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
}
