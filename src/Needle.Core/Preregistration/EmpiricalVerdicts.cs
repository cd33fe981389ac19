namespace Needle.Core.Preregistration;

/// <summary>
/// The words an evidence file records as its verdict, and the one function that computes them from a claim and a
/// statistic — shared by `needle audit`, the vectors' state in a study and the evidence writers.
/// </summary>
public static class EmpiricalVerdicts
{
    public const string Holds = "holds";
    public const string Refuted = "refuted";

    /// <summary>Only for a claim that can be undecided on its data (<see cref="IUndecidableClaim"/>, e.g. H on a partial history).</summary>
    public const string NotDeterminable = "not_determinable";

    public static IReadOnlyList<string> All { get; } = [Holds, Refuted, NotDeterminable];

    /// <summary>The verdict of <paramref name="claim"/> on <paramref name="statistic"/>; throws <see cref="ArgumentException"/> like the claim.</summary>
    public static string Of(IEmpiricalClaim claim, IReadOnlyDictionary<string, double> statistic)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim is IUndecidableClaim u && !u.Determinable(statistic)) return NotDeterminable;
        return claim.Holds(statistic) ? Holds : Refuted;
    }
}

/// <summary>A claim whose data may be too weak to decide it either way (then its verdict is "not_determinable").</summary>
public interface IUndecidableClaim
{
    /// <summary>False when <paramref name="statistic"/> supports neither verdict.</summary>
    bool Determinable(IReadOnlyDictionary<string, double> statistic);
}
