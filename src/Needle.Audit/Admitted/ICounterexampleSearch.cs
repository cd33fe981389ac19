namespace Needle.Audit.Admitted;

/// <summary>
/// What a counterexample search found: how many instances it tried, how many of them met every hypothesis
/// (zero means the search is blind), and the first instance that met every hypothesis but broke the conclusion.
/// </summary>
public sealed record CounterexampleResult(int InstancesTried, int InstancesMeetingHypotheses, string? Counterexample);

/// <summary>
/// A search over small instances for a counterexample to an Admitted Coq statement, mirroring its definitions
/// exactly (same formulas, same quantifier structure as far as a finite instance can show it). The audit runs it
/// for every Admitted invariant: an admitted statement that is false is an inconsistent axiom, and a small
/// counterexample is the cheapest way to find one.
/// </summary>
public interface ICounterexampleSearch
{
    /// <summary>The Coq theorem the search mirrors (must equal the invariant's coq_theorem).</summary>
    string Theorem { get; }

    /// <summary>Runs the search; deterministic, and fast (it runs in every audit).</summary>
    CounterexampleResult Search();
}
