namespace Needle.Audit.Reporting;

/// <summary>
/// One invariant as the report shows it: its three citations (registry, Coq, C#), its anchors and the
/// status the audit verified (not merely the one the registry claims).
/// </summary>
public sealed record InvariantRow(
    string Id,
    string Name,
    string ClaimedStatus,
    string CoqCitation,
    IReadOnlyList<string> CSharpCitations,
    string RuntimeTarget,
    bool RuntimeTargetFound,
    IReadOnlyList<string> Anchors,
    string Verified);
