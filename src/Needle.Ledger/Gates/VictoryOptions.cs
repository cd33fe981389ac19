namespace Needle.Core.Gates;

/// <summary>
/// Options of a victory decision: how many arms were compared (Bonferroni: α / arms; null = the pre-registered
/// number, and never fewer), optionally the BPBs of a baseline's seeds for a Welch two-sample test, and the clock
/// the embargo is read on (null = the system clock; tests inject one).
/// </summary>
public sealed record VictoryOptions(int? Arms = null, IReadOnlyList<double>? BaselineBpbs = null, TimeProvider? Clock = null);
