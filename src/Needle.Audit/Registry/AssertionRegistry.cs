namespace Needle.Audit.Registry;

/// <summary>The parsed registry: its path (as given, for messages) and its invariants in file order.</summary>
public sealed record AssertionRegistry(string Path, IReadOnlyList<InvariantEntry> Invariants);
