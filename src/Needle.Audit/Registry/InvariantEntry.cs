namespace Needle.Audit.Registry;

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
