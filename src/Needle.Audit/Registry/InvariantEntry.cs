namespace Needle.Audit.Registry;

/// <summary>Proven: the Coq theorem ends in Qed/Defined and rests only on allowed axioms. Admitted: stated, not proven.</summary>
public enum InvariantStatus { Proven, Admitted }

/// <summary>What the run-time check does when the invariant fails (upstream's abort | warn | hard_penalty).</summary>
public sealed record RuntimeCheck(string Action, string Message);

/// <summary>A numeric anchor: the registry's value for the C# constant named by its full name.</summary>
public sealed record NumericAnchor(string ConstantFullName, double Value, string Written, int Line);

/// <summary>A lemma, axiom or parameter left unproven on purpose, with the honest reason.</summary>
public sealed record AdmittedLemma(string Lemma, string Reason, int Line);

/// <summary>One invariant of assertions/igla_assertions.json, with the line of the entry for messages.</summary>
public sealed record InvariantEntry(
    string Id,
    string Name,
    string CoqFile,
    string CoqTheorem,
    InvariantStatus Status,
    string Description,
    RuntimeCheck RuntimeCheck,
    string RuntimeTarget,
    IReadOnlyList<NumericAnchor> NumericAnchors,
    IReadOnlyList<AdmittedLemma> Admitted,
    int Line)
{
    /// <summary>The number n of INV-n, for ordering.</summary>
    public int Number => int.Parse(Id.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The parsed registry: its path (as given, for messages) and its invariants in file order.</summary>
public sealed record AssertionRegistry(string Path, IReadOnlyList<InvariantEntry> Invariants);
