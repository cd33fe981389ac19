namespace Needle.Core.Gates;

/// <summary>One broken rule: which rule, which row (line and run_id, when a row is to blame) and why.</summary>
public sealed record GateFinding(GateRule Rule, int? Line, string? RunId, string Message)
{
    public override string ToString() =>
        Line is { } l ? $"{Rule} (line {l}, run_id {RunId}): {Message}" : $"{Rule}: {Message}";
}
