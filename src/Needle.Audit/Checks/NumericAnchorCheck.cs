using System.Globalization;
using Needle.Audit.Symbols;

namespace Needle.Audit.Checks;

/// <summary>Step 7: every numeric_anchor equals the C# constant it names, exactly (one source of truth, no drift).</summary>
public static class NumericAnchorCheck
{
    public static IEnumerable<AuditFinding> Run(AuditContext ctx, ISymbolCatalog catalog)
    {
        foreach (var inv in ctx.Registry.Invariants)
        foreach (var anchor in inv.NumericAnchors)
        {
            var constant = catalog.ReadConstant(anchor.ConstantFullName, out var whyNot);
            if (constant is null)
            {
                yield return new AuditFinding(AuditStep.NumericAnchors,
                    $"{inv.Id}: numeric anchor {anchor.ConstantFullName} = {anchor.Written} names no readable C# constant ({whyNot})",
                    "name a const/static field or property by its full name", ctx.Registry.Path, anchor.Line, inv.Id, inv.CoqTheorem);
                continue;
            }
            if (!constant.Value.Equals(anchor.Value))
                yield return new AuditFinding(AuditStep.NumericAnchors,
                    $"{inv.Id}: numeric anchor {anchor.ConstantFullName} is {anchor.Written} in the registry but " +
                    $"{constant.Value.ToString("R", CultureInfo.InvariantCulture)} in C# ({constant.Assembly}) — drift",
                    "make the registry's value equal the C# constant (the constant is the source of truth)",
                    ctx.Registry.Path, anchor.Line, inv.Id, inv.CoqTheorem);
        }
    }
}
