namespace Needle.Audit.Empirical;

/// <summary>
/// An Empirical claim's state in the audit. NoVerdictYet (no evidence file) is reported loudly and is never a
/// pass claim for the vector; Holds and Refuted are verdicts on real data (a refuted vector is switched off — an
/// honest result, not an audit failure); NotDeterminable is a three-valued claim's (H) verdict on data too weak to decide it; Invalid means the file is malformed, stale or disagrees with its predicate.
/// </summary>
public enum EvidenceState { NoVerdictYet, Holds, Refuted, Invalid, NotDeterminable }

/// <summary>The state of one Empirical claim and what the report says about it.</summary>
public sealed record EvidenceVerdict(string InvariantId, string Vector, EvidenceState State, string Summary);
