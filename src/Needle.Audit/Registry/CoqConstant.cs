namespace Needle.Audit.Registry;

/// <summary>A Coq literal constant (Definition name : R := 0.1.) that must equal a C# constant.</summary>
public sealed record CoqConstant(string CoqName, string CSharpConstant, int Line);
