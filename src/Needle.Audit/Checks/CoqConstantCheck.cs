using System.Globalization;
using System.Text.RegularExpressions;
using Needle.Audit.Symbols;

namespace Needle.Audit.Checks;

/// <summary>
/// Step 7 (second half): every coq_constants pair agrees — the Coq definition's literal (Definition name : R := 0.1.)
/// equals the C# constant. This is how a Coq predicate and its C# twin are shown to use the same thresholds.
/// </summary>
public static partial class CoqConstantCheck
{
    [GeneratedRegex(@"Definition\s+(?<name>[A-Za-z_][A-Za-z0-9_']*)\s*:\s*(?<type>R|nat|Z|N)\s*:=\s*(?<value>[0-9]+(\.[0-9]+)?)\s*(%[A-Za-z]+)?\s*\.(\s|$)")]
    private static partial Regex LiteralDefinition();

    /// <summary>The literal value of <paramref name="name"/> in the Coq source, or null when it is not a literal definition.</summary>
    public static double? LiteralValue(string coqSource, string name)
    {
        foreach (Match m in LiteralDefinition().Matches(coqSource))
            if (m.Groups["name"].Value == name)
                return double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return null;
    }

    public static IEnumerable<AuditFinding> Run(AuditContext ctx, ISymbolCatalog catalog)
    {
        foreach (var inv in ctx.Registry.Invariants)
        {
            var path = Path.Combine(ctx.Options.RepoRoot, inv.CoqFile);
            if (inv.CoqConstants.Count == 0 || !File.Exists(path)) continue; // step 2 reports a missing file
            var source = File.ReadAllText(path);
            foreach (var c in inv.CoqConstants)
            {
                var coq = LiteralValue(source, c.CoqName);
                var cs = catalog.ReadConstant(c.CSharpConstant, out var whyNot);
                if (coq is null)
                    yield return new AuditFinding(AuditStep.NumericAnchors,
                        $"{inv.Id}: {inv.CoqFile} has no literal definition of {c.CoqName}",
                        $"write Definition {c.CoqName} : R := <number>. (or nat) in {inv.CoqFile}", ctx.Registry.Path, c.Line, inv.Id, inv.CoqTheorem);
                else if (cs is null)
                    yield return new AuditFinding(AuditStep.NumericAnchors,
                        $"{inv.Id}: Coq constant {c.CoqName} maps to {c.CSharpConstant}, which is no readable C# constant ({whyNot})",
                        "name a const/static field or property by its full name", ctx.Registry.Path, c.Line, inv.Id, inv.CoqTheorem);
                else if (!cs.Value.Equals(coq.Value))
                    yield return new AuditFinding(AuditStep.NumericAnchors,
                        $"{inv.Id}: Coq's {c.CoqName} = {coq.Value.ToString("R", CultureInfo.InvariantCulture)} but C#'s {c.CSharpConstant} = " +
                        $"{cs.Value.ToString("R", CultureInfo.InvariantCulture)} — the Coq predicate and the C# predicate disagree",
                        "make both equal the pre-registered value", ctx.Registry.Path, c.Line, inv.Id, inv.CoqTheorem);
            }
        }
    }
}
