namespace Needle.Audit.Registry;

/// <summary>
/// What the run-time check does when the invariant fails (abort | warn | hard_penalty), where it runs
/// (<see cref="At"/>: race, train, ledger_check) and the <c>IInvariantCheck</c> type that runs ("Type, Assembly").
/// </summary>
public sealed record RuntimeCheck(string Action, string Message, IReadOnlyList<string> At, string? Check, int Line)
{
    /// <summary>The check type's full name without its assembly ("Needle.Core.Invariants.Checks.TrinityCheck").</summary>
    public string? CheckTypeName => Check is null ? null : Check.Split(',')[0].Trim();
}
