namespace Needle.Audit.Symbols;

/// <summary>A member carrying <c>[Invariant("INV-n")]</c>: the id, the member's full name and its assembly.</summary>
public sealed record InvariantCitation(string InvariantId, string MemberFullName, string Assembly);

/// <summary>The value of a C# constant (const field, static readonly field or static property) found by full name.</summary>
public sealed record ConstantValue(string FullName, double Value, string Assembly);

/// <summary>
/// What steps 6 and 7 need to know about the C# code: which members cite which invariant, whether a
/// member exists, and the value of a named constant. Injected so tests can point the audit at any set of
/// assemblies (the real ones by default, a fixture assembly in unit tests).
/// </summary>
public interface ISymbolCatalog
{
    /// <summary>Human-readable list of the assemblies searched, for "not found in …" messages.</summary>
    IReadOnlyList<string> AssemblyNames { get; }

    IReadOnlyList<InvariantCitation> Citations { get; }

    /// <summary>True when <paramref name="fullName"/> names a type, or a member (method, property, field, event, nested type) of a type.</summary>
    bool MemberExists(string fullName);

    /// <summary>The constant's numeric value, or null with the reason (no such type/member, not static, not numeric).</summary>
    ConstantValue? ReadConstant(string fullName, out string? whyNot);

    /// <summary>The type of that full name (nested types written Outer.Inner), or null.</summary>
    Type? FindType(string fullName);
}
