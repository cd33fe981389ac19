namespace Needle.Audit.Checks;

/// <summary>The nine checks of the audit, numbered as in docs/invariants.md.</summary>
public enum AuditStep
{
    RegistryParses = 1,
    TheoremsDeclared = 2,
    CoqCompiles = 3,
    AssumptionsVerified = 4,
    AxiomsAccounted = 5,
    CSharpCitations = 6,
    NumericAnchors = 7,
    EmpiricalEvidence = 8,
    CounterexampleSearch = 9,
}

/// <summary>Names and the static subset (the one MSBuild runs: no coqc, so it stays fast).</summary>
public static class AuditSteps
{
    public static readonly IReadOnlyList<AuditStep> All = Enum.GetValues<AuditStep>();

    public static readonly IReadOnlyList<AuditStep> Static =
        [AuditStep.RegistryParses, AuditStep.TheoremsDeclared, AuditStep.CSharpCitations, AuditStep.NumericAnchors,
         AuditStep.EmpiricalEvidence, AuditStep.CounterexampleSearch];

    public static string Label(AuditStep step) => $"{(int)step} {Title(step)}";

    public static string Title(AuditStep step) => step switch
    {
        AuditStep.RegistryParses => "registry parses",
        AuditStep.TheoremsDeclared => "cited theorems declared",
        AuditStep.CoqCompiles => "coqc compiles",
        AuditStep.AssumptionsVerified => "Print Assumptions",
        AuditStep.AxiomsAccounted => "axioms and admits accounted",
        AuditStep.CSharpCitations => "C# citations",
        AuditStep.NumericAnchors => "numeric anchors and Coq constants",
        AuditStep.EmpiricalEvidence => "Empirical evidence",
        AuditStep.CounterexampleSearch => "counterexample search",
        _ => step.ToString(),
    };
}
