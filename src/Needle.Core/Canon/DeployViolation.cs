namespace Needle.Core.Canon;

/// <summary>One broken deploy rule: which run of the batch (0-based index and name), which rule, and why.</summary>
public sealed record DeployViolation(int Index, string Name, DeployRule Rule, string Message)
{
    public override string ToString() => $"run #{Index} '{Name}': {Rule}: {Message}";
}
