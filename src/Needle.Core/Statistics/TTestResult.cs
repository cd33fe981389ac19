namespace Needle.Core.Statistics;

/// <summary>
/// The outcome of a one-tailed t-test of "candidate BPB is lower than the reference". <see cref="PLower"/> is
/// P(T ≤ t) (evidence for lower BPB), <see cref="PUpper"/> is P(T ≥ t). When the test is undefined (fewer than
/// two values, or zero variance) <see cref="Problem"/> says why and the verdict is Indistinguishable.
/// </summary>
public sealed record TTestResult(
    string Test, int N, double Mean, double Reference, double T, double DegreesOfFreedom,
    double PLower, double PUpper, double Alpha, Verdict Verdict, string? Problem)
{
    public bool IsDefined => Problem is null;

    /// <summary>Three-way verdict at level <paramref name="alpha"/> from the two one-tailed p-values.</summary>
    public static Verdict Decide(double pLower, double pUpper, double alpha) =>
        pLower < alpha ? Verdict.Better : pUpper < alpha ? Verdict.Worse : Verdict.Indistinguishable;
}
