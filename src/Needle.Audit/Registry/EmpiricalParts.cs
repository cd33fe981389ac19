namespace Needle.Audit.Registry;

/// <summary>An Empirical claim's parts: its vector, its C# predicate (an IEmpiricalClaim type), its falsification suite and its evidence file.</summary>
public sealed record EmpiricalParts(string Vector, string Predicate, string FalsificationSuite, string EvidencePath);
