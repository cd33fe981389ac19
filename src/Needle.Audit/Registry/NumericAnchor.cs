namespace Needle.Audit.Registry;

/// <summary>A numeric anchor: the registry's value for the C# constant named by its full name.</summary>
public sealed record NumericAnchor(string ConstantFullName, double Value, string Written, int Line);
