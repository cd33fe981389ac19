namespace Needle.Audit.Registry;

/// <summary>
/// The three kinds of claim, never mixed. Proven: a Coq theorem ending in Qed/Defined on allow-listed axioms.
/// Admitted: a statement believed true, stated in full and ended in Admitted, with its proof's source, a proven
/// lemma that its hypotheses can hold, and a counterexample search that finds none. Empirical: a falsifiable
/// claim about measured data — a Coq definition of its predicate (no theorem, no axiom), a C# predicate with the
/// same constants, a falsification suite and an evidence file.
/// </summary>
public enum InvariantStatus { Proven, Admitted, Empirical }

/// <summary>
/// What the run-time check does when the invariant fails (abort | warn | hard_penalty), where it runs
/// (<see cref="At"/>: race, train, ledger_check) and the <c>IInvariantCheck</c> type that runs ("Type, Assembly").
/// </summary>
public sealed record RuntimeCheck(string Action, string Message, IReadOnlyList<string> At, string? Check, int Line)
{
    /// <summary>The check type's full name without its assembly ("Needle.Core.Invariants.Checks.TrinityCheck").</summary>
    public string? CheckTypeName => Check is null ? null : Check.Split(',')[0].Trim();
}

/// <summary>A numeric anchor: the registry's value for the C# constant named by its full name.</summary>
public sealed record NumericAnchor(string ConstantFullName, double Value, string Written, int Line);

/// <summary>A Coq literal constant (Definition name : R := 0.1.) that must equal a C# constant.</summary>
public sealed record CoqConstant(string CoqName, string CSharpConstant, int Line);

/// <summary>A lemma, axiom or parameter left unproven on purpose, with the honest reason.</summary>
public sealed record AdmittedLemma(string Lemma, string Reason, int Line);

/// <summary>An Admitted statement's warrant: where its proof is (paper, theorem number), the Coq lemma that its hypotheses are satisfiable, and the C# counterexample search mirroring it.</summary>
public sealed record AdmittedWarrant(string Source, string SatisfiableLemma, string CounterexampleSearch);

/// <summary>An Empirical claim's parts: its vector, its C# predicate (an IEmpiricalClaim type), its falsification suite and its evidence file.</summary>
public sealed record EmpiricalParts(string Vector, string Predicate, string FalsificationSuite, string EvidencePath);

/// <summary>One invariant of assertions/igla_assertions.json, with the line of the entry for messages.</summary>
public sealed record InvariantEntry(
    string Id,
    string Name,
    string CoqFile,
    string CoqTheorem,
    InvariantStatus Status,
    string Description,
    RuntimeCheck? RuntimeCheck,
    string RuntimeTarget,
    IReadOnlyList<NumericAnchor> NumericAnchors,
    IReadOnlyList<AdmittedLemma> Admitted,
    int Line)
{
    /// <summary>The number n of INV-n, for ordering.</summary>
    public int Number => int.Parse(Id.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);

    public IReadOnlyList<CoqConstant> CoqConstants { get; init; } = [];

    /// <summary>Set exactly when <see cref="Status"/> is Admitted.</summary>
    public AdmittedWarrant? Warrant { get; init; }

    /// <summary>Set exactly when <see cref="Status"/> is Empirical (<see cref="CoqTheorem"/> then names the Coq definition).</summary>
    public EmpiricalParts? Empirical { get; init; }

    /// <summary>"theorem" or "definition", for messages.</summary>
    public string CoqKind => Status == InvariantStatus.Empirical ? "definition" : "theorem";
}

/// <summary>The parsed registry: its path (as given, for messages) and its invariants in file order.</summary>
public sealed record AssertionRegistry(string Path, IReadOnlyList<InvariantEntry> Invariants);
