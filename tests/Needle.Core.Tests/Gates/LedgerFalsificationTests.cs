using Needle.Core.Falsification;
using Needle.Core.Ledger.Falsification;

namespace Needle.Core.Tests.Gates;

/// <summary>Each ledger witness must be rejected for the rule it targets; the control must be accepted.</summary>
[Trait(TestCategories.Key, TestCategories.Falsification)]
[Trait(TestCategories.VectorKey, "Ledger")]
public sealed class LedgerFalsificationTests
{
    private static readonly Lazy<IReadOnlyList<WitnessResult>> Results = new(() =>
    {
        var scratch = Directory.CreateTempSubdirectory("needle-falsify-test-").FullName;
        try
        {
            return new LedgerFalsificationSuite().Run(new FalsificationContext(RepoPaths.Root, scratch));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    });

    private static readonly string[] Names =
    [
        "control (undamaged ledger)", "sha-not-a-commit", "sha-skeleton-commit", "config-hash-missing",
        "config-not-the-hashed-one", "reproduction-other-config", "under-embargo", "ledger-not-sealed",
        "preregistration-edited", "step-below-4000", "bpb-below-0.85", "bpb-above-2.30",
        "seed-outside-gate-set", "duplicate-seed", "missing-reproduction", "reproduction-disagrees", "corpus-not-pinned",
        "floor-without-review", "nan-literal", "infinity-literal", "negative-infinity-literal", "nan-string",
        "infinity-string", "overflow-to-infinity", "truncated-line", "steps-instead-of-step", "duplicate-run-id",
    ];

    public static TheoryData<string> Witnesses => new(Names);

    [Theory]
    [MemberData(nameof(Witnesses))]
    public void Witness_is_rejected_for_the_right_reason(string witness)
    {
        var result = Results.Value.Should().ContainSingle(r => r.Witness == witness).Subject;
        result.Passed.Should().BeTrue($"expected {result.ExpectedReason}, observed {result.ObservedReason}");
    }

    [Fact]
    public void The_suite_has_exactly_the_listed_witnesses() =>
        Results.Value.Select(r => r.Witness).Should().BeEquivalentTo(Names);
}
