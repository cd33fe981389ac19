namespace Needle.Core.Ledger;

/// <summary>A malformed ledger line, printed as <c>file:line: field: what is wrong</c>.</summary>
public sealed record LedgerError(string File, int Line, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Field}: {Message}";
}
