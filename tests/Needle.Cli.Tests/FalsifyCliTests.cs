namespace Needle.Cli.Tests;

public sealed class FalsifyCliTests
{
    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    [Trait(TestCategories.Key, TestCategories.Falsification)]
    [Trait(TestCategories.VectorKey, "Ledger")]
    public void Falsify_only_ledger_rejects_every_witness_for_its_reason_and_exits_0()
    {
        var (code, stdout, stderr) = NeedleProcess.Run("falsify", "--only", "ledger");
        code.Should().Be(0, stdout + stderr);
        var verdicts = stdout.Split('\n').Where(l => l.StartsWith("PASS ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal)).ToList();
        verdicts.Should().HaveCount(27).And.OnlyContain(l => l.StartsWith("PASS ledger/", StringComparison.Ordinal));
        foreach (var witness in new[] { "sha-not-a-commit", "sha-skeleton-commit", "under-embargo", "preregistration-edited", "step-below-4000", "bpb-below-0.85", "bpb-above-2.30", "seed-outside-gate-set",
                     "duplicate-seed", "nan-literal", "missing-reproduction", "floor-without-review" })
            verdicts.Should().Contain($"PASS ledger/{witness}");
        stdout.Split('\n').Count(l => l.TrimStart().StartsWith("observed:", StringComparison.Ordinal)).Should().Be(27);
    }

    [Fact]
    public void Falsify_lists_suites_and_refuses_unknown_ones()
    {
        NeedleProcess.Run("falsify", "--list").StdOut.Should().Contain("ledger (Vector=Ledger)");
        NeedleProcess.Run("falsify", "--only", "no-such-suite").ExitCode.Should().Be(ExitCodes.BadInput, "an unknown suite is bad input (docs/cli.md)");
    }
}

/// <summary>The plan's eight falsifier modes, and the ones no suite covers (what `needle falsify` says NO SUITE for).</summary>
public sealed class FalsifierModesTests
{
    [Fact]
    public void Every_mode_of_the_preregistration_is_covered_or_named()
    {
        var all = FalsifierModes.Uncovered(RepoPaths.Root, []);
        all.Select(m => m.Mode).Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        all.Select(m => m.Vector).Should().Equal("V2", "V1", "V3", "V4", "V5", "V6", "V7", "H");

        var some = FalsifierModes.Uncovered(RepoPaths.Root, ["Ledger", "v3"]);
        some.Select(m => m.Vector).Should().Equal("V2", "V1", "V4", "V5", "V6", "V7");
    }
}
