namespace Needle.Audit.Registry;

/// <summary>
/// The three kinds of claim, never mixed. Proven: a Coq theorem ending in Qed/Defined on allow-listed axioms.
/// Admitted: a statement believed true, stated in full and ended in Admitted, with its proof's source, a proven
/// lemma that its hypotheses can hold, and a counterexample search that finds none. Empirical: a falsifiable
/// claim about measured data — a Coq definition of its predicate (no theorem, no axiom), a C# predicate with the
/// same constants, a falsification suite and an evidence file.
/// </summary>
public enum InvariantStatus { Proven, Admitted, Empirical }
