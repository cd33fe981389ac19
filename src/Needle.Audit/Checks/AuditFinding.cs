namespace Needle.Audit.Checks;

/// <summary>
/// One thing the audit found wrong: which step found it, where (file and 1-based line, when known), which
/// invariant and Coq theorem it concerns, what is wrong and what to do. Every finding fails the audit.
/// </summary>
public sealed record AuditFinding(
    AuditStep Step,
    string Message,
    string Fix,
    string? File = null,
    int? Line = null,
    string? InvariantId = null,
    string? Theorem = null)
{
    /// <summary>"file:line" (or just the file), for messages.</summary>
    public string Location => File is null ? "" : Line is { } l ? $"{File}:{l}" : File;

    public override string ToString() =>
        $"[{AuditSteps.Label(Step)}] {(Location.Length > 0 ? Location + ": " : "")}{Message} — {Fix}";
}
