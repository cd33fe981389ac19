namespace Needle.Audit.Coq;

/// <summary>How a proof ends: Qed/Defined (proven, if it compiles), Admitted, Abort, or never (file ends).</summary>
public enum ProofEnding { Qed, Defined, Admitted, Abort, Unterminated, NotAProof }

/// <summary>
/// A named declaration in a .v file. For theorems, the proof's ending and the lines of any <c>admit</c> /
/// <c>give_up</c> tactics inside it; for Axiom/Parameter-like declarations, <see cref="IsAssumption"/>.
/// </summary>
public sealed record CoqDeclaration(
    string Keyword,
    string Name,
    int Line,
    ProofEnding Ending,
    int? EndingLine,
    IReadOnlyList<int> AdmitLines)
{
    /// <summary>For theorems and assumptions: the statement after the first colon, whitespace collapsed.</summary>
    public string Statement { get; init; } = "";

    /// <summary>An assumption or admitted proof of <c>True</c> states nothing: it would pass "not proven" off as proven.</summary>
    public bool StatesNothing => Statement is "True" or "(True)" && (IsAssumption || Ending == ProofEnding.Admitted);

    /// <summary>Theorem-like: it opens a proof (Theorem, Lemma, Fact, Remark, Corollary, Proposition, Example).</summary>
    public bool IsTheorem => CoqIndex.TheoremKeywords.Contains(Keyword);

    /// <summary>
    /// An assumption the environment takes without proof: Axiom, Parameter, Conjecture, … and Hypothesis or
    /// Variable outside a Section (the index records those only at top level, where Coq treats them as axioms).
    /// </summary>
    public bool IsAssumption => CoqIndex.AssumptionKeywords.Contains(Keyword) || CoqIndex.SectionLocalKeywords.Contains(Keyword);
}
