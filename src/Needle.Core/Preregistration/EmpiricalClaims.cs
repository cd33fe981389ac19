namespace Needle.Core.Preregistration;

/// <summary>The seven accelerators' claims and the compounded claim H, by vector (the one list the falsify suites, the audit and the vector states share).</summary>
public static class EmpiricalClaims
{
    public static IReadOnlyList<IEmpiricalClaim> All { get; } =
    [
        new V1MupTransfer(), new V2ZeroCostProxies(), new V3BohbRegret(), new V4SurrogateAccuracy(),
        new V5PhiGridCoverage(), new V6UcbRegret(), new V7CurriculumVariance(), new HCompoundedSpeedup(),
    ];

    /// <summary>The claim of <paramref name="vector"/> ("V1" … "V7", "H"), or null.</summary>
    public static IEmpiricalClaim? For(string vector) => All.FirstOrDefault(c => c.Vector == vector);
}
