namespace Needle.Audit.Coq;

/// <summary>
/// The axioms a Proven theorem may rest on: the ones Coq 8.16's standard library uses to construct the
/// classical reals (Reals is built on them; every theorem about R lists some of them). Each is named; anything
/// else in a Proven theorem's Print Assumptions fails the audit.
/// </summary>
public static class AxiomAllowList
{
    public static readonly IReadOnlyDictionary<string, string> Allowed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ClassicalDedekindReals.sig_forall_dec"] = "Reals: decidability of ∀n, P n for decidable P (limited principle of omniscience), used to build R",
        ["ClassicalDedekindReals.sig_not_dec"] = "Reals: {¬¬P} + {¬P} (weak excluded middle), used to build R",
        ["FunctionalExtensionality.functional_extensionality_dep"] = "Reals: dependent functional extensionality, used by the Dedekind construction",
    };

    public static bool IsAllowed(string axiomName) =>
        Allowed.ContainsKey(axiomName) || Allowed.Keys.Any(k => axiomName.EndsWith("." + k, StringComparison.Ordinal));
}
