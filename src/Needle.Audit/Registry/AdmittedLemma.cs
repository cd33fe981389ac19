namespace Needle.Audit.Registry;

/// <summary>A lemma, axiom or parameter left unproven on purpose, with the honest reason.</summary>
public sealed record AdmittedLemma(string Lemma, string Reason, int Line);

/// <summary>An Admitted statement's warrant: where its proof is (paper, theorem number), the Coq lemma that its hypotheses are satisfiable, and the C# counterexample search mirroring it.</summary>
public sealed record AdmittedWarrant(string Source, string SatisfiableLemma, string CounterexampleSearch);
