namespace Needle.Core.Invariants;

/// <summary>
/// Marks the code that enforces an invariant of assertions/igla_assertions.json at run time.
/// The audit finds these by reflection, so a registry entry without enforcing code (or code citing an
/// unknown id) is a failed audit rather than a silent drift.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method |
                AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Constructor,
    AllowMultiple = true, Inherited = false)]
public sealed class InvariantAttribute(string id) : Attribute
{
    /// <summary>The registry id, <c>INV-&lt;n&gt;</c>.</summary>
    public string Id { get; } = id;
}
