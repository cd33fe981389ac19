namespace Needle.Core.Invariants;

/// <summary>
/// A run-time check an invariant declares in the registry (<c>runtime_check.check</c>): it exercises the C# that
/// the invariant's theorem models and reports a violation, or null when the invariant holds. Checks are cheap
/// (microseconds) because they run at the start of every race, train and ledger check.
/// </summary>
public interface IInvariantCheck
{
    /// <summary>A sentence saying what is violated, or null when the invariant holds.</summary>
    string? FindViolation();
}

/// <summary>Where the registry's run-time checks run (<c>runtime_check.at</c>).</summary>
public static class CheckPoints
{
    public const string Race = "race";
    public const string Train = "train";
    public const string LedgerCheck = "ledger_check";

    public static readonly IReadOnlyList<string> All = [Race, Train, LedgerCheck];
}
