using Needle.Audit.Checks;

namespace Needle.Audit.Reporting;

/// <summary>The audit's result: the steps that ran, every finding, and each invariant's row. Passes when nothing was found.</summary>
public sealed record AuditReport(
    IReadOnlyList<AuditStep> StepsRun,
    IReadOnlyList<AuditFinding> Findings,
    IReadOnlyList<InvariantRow> Invariants,
    string RegistryPath)
{
    public bool Passed => Findings.Count == 0;

    /// <summary>Each Empirical claim's evidence state, by vector (NoVerdictYet is reported loudly, never as a pass).</summary>
    public IReadOnlyList<Empirical.EvidenceVerdict> Evidence { get; init; } = [];

    /// <summary>The Empirical claims with no evidence file yet.</summary>
    public IReadOnlyList<Empirical.EvidenceVerdict> NoVerdictYet => Evidence.Where(e => e.State == Empirical.EvidenceState.NoVerdictYet).ToList();

    public int ExitCode => Passed ? 0 : 1;

    public IEnumerable<AuditFinding> FindingsOf(AuditStep step) => Findings.Where(f => f.Step == step);
}
