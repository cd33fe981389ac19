namespace Needle.Core.Preregistration;

/// <summary>The seven accelerators' claims, by vector (the one list the falsify suites and the audit share).</summary>
public static class EmpiricalClaims
{
    public static IReadOnlyList<IEmpiricalClaim> All { get; } =
    [
        new V1MupTransfer(), new V2ZeroCostProxies(), new V3BohbRegret(), new V4SurrogateAccuracy(),
        new V5PhiGridCoverage(), new V6UcbRegret(), new V7CurriculumVariance(),
    ];

    /// <summary>The claim of <paramref name="vector"/> ("V1" … "V7"), or null.</summary>
    public static IEmpiricalClaim? For(string vector) => All.FirstOrDefault(c => c.Vector == vector);
}
