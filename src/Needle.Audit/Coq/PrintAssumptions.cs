namespace Needle.Audit.Coq;

/// <summary>
/// The output of <c>Print Assumptions t</c>: either "Closed under the global context" or "Axioms:" followed by
/// entries "name : type", where a long type continues on indented lines. An admitted theorem appears as its
/// own axiom — which is how the audit lets Coq decide what is admitted.
/// </summary>
public sealed record PrintAssumptions(IReadOnlyList<string> Axioms, bool Closed)
{
    public static PrintAssumptions Parse(string output)
    {
        var lines = output.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        if (lines.Any(l => l.Trim() == "Closed under the global context")) return new PrintAssumptions([], true);
        var axioms = new List<string>();
        var inAxioms = false;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            if (!char.IsWhiteSpace(line[0]) && line.TrimEnd().EndsWith(':') && !line.Contains(" :", StringComparison.Ordinal))
            {
                // Section headers: "Axioms:", "Section Variables:", "Opaque constants:", "Transparent constants:".
                inAxioms = true;
                continue;
            }
            if (!inAxioms || char.IsWhiteSpace(line[0])) continue;
            var colon = line.IndexOf(" :", StringComparison.Ordinal);
            axioms.Add((colon > 0 ? line[..colon] : line).Trim());
        }
        return new PrintAssumptions(axioms, false);
    }

    /// <summary>True when <paramref name="theorem"/> itself is listed (possibly qualified: Accelerators.mup_lr_transfer).</summary>
    public bool ListsItself(string theorem) =>
        Axioms.Any(a => a == theorem || a.EndsWith("." + theorem, StringComparison.Ordinal));

    public IEnumerable<string> OutsideAllowList => Axioms.Where(a => !AxiomAllowList.IsAllowed(a));
}
