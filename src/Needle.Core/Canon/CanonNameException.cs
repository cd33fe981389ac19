namespace Needle.Core.Canon;

/// <summary>A canon run name that does not parse; <see cref="Kind"/> says which rule it broke.</summary>
public sealed class CanonNameException(string name, CanonErrorKind kind, string message)
    : FormatException($"canon name '{name}': {message}")
{
    public string Name { get; } = name;
    public CanonErrorKind Kind { get; } = kind;

    /// <summary>The explanation without the name prefix, for messages that already name the field.</summary>
    public string Reason { get; } = message;
}
