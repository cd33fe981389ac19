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

    public int ExitCode => Passed ? 0 : 1;

    public IEnumerable<AuditFinding> FindingsOf(AuditStep step) => Findings.Where(f => f.Step == step);
}
