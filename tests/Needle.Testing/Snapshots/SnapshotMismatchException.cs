namespace Needle.Testing.Snapshots;

/// <summary>A rendered report differs from its committed <c>*.verified.md</c> (or none is committed yet).</summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);
