namespace Needle.Core.Falsification;

/// <summary>
/// A set of synthetic witnesses for one vector (the ledger, V1…V7): each witness is an input a predicate
/// must reject, and the suite reports whether it was rejected for the right reason. `needle falsify`
/// discovers every implementation by reflection in the Needle assemblies, so a vector registers a suite just
/// by implementing this interface (public, parameterless constructor).
/// </summary>
public interface IFalsificationSuite
{
    /// <summary>The key for `needle falsify --only NAME` (lower case, e.g. "ledger").</summary>
    string Name { get; }

    /// <summary>The xunit Vector trait of its tests (e.g. "Ledger", "V3").</summary>
    string Vector { get; }

    /// <summary>Runs every witness. A suite must first check that its unmutated control is accepted, and
    /// report that as a failed result if not: otherwise every witness would be "rejected" trivially.</summary>
    IReadOnlyList<WitnessResult> Run(FalsificationContext context);
}

/// <summary>Where a suite may look (the checkout) and write (a scratch folder it owns).</summary>
public sealed record FalsificationContext(string RepositoryRoot, string ScratchDirectory);

/// <summary>One witness's outcome: was it rejected, and for the reason the rule names?</summary>
public sealed record WitnessResult(string Witness, string ExpectedReason, bool Rejected, bool RightReason, string ObservedReason)
{
    /// <summary>A witness passes only when rejected for the right reason (a control passes when accepted,
    /// which its suite reports as Rejected = false with RightReason = true and Passed overridden).</summary>
    public bool Passed { get; init; } = Rejected && RightReason;
}
