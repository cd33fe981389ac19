namespace Needle.Core.Contracts;

/// <summary>
/// One way a file breaks its contract in <c>schemas/</c>: the file, the 1-based line of the field, the field (a path
/// such as <c>invariants[3].status</c>; empty for the whole document), what is wrong with it and what to write instead.
/// </summary>
public sealed record ContractViolation(string File, int Line, string Field, string Problem)
{
    /// <summary>"field 'x' problem" (or just the problem, for the whole document), without the place.</summary>
    public string What => $"{(Field.Length == 0 ? "" : $"field '{Field}' ")}{Problem}";

    /// <summary>"file:line: field 'x' problem" — the project's one form of a bad-input message.</summary>
    public override string ToString() => $"{File}:{Line}: {What}";
}

/// <summary>A file that breaks its contract; <see cref="Exception.Message"/> is the first violation (file:line: field …).</summary>
public sealed class ContractException(IReadOnlyList<ContractViolation> violations)
    : Exception(violations[0] + (violations.Count > 1 ? $" (and {violations.Count - 1} more)" : ""))
{
    public IReadOnlyList<ContractViolation> Violations { get; } = violations;
}
