namespace Needle.Core.Gates;

/// <summary>
/// Options of a victory decision: how many arms were compared (Bonferroni: α / arms) and, optionally, the
/// BPBs of a baseline's seeds for a Welch two-sample test.
/// </summary>
public sealed record VictoryOptions(int Arms = 1, IReadOnlyList<double>? BaselineBpbs = null);
