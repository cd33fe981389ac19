using Needle.Core.Falsification;
using Needle.Training.Curriculum;
using Needle.Training.Curriculum.Falsification;
using Needle.Training.Curriculum.Measurement;

namespace Needle.Training.Tests.Curriculum;

/// <summary>Falsifier mode 7 (INV-27) on the cached real V7 runs, its planted witnesses and a small live instance.</summary>
[Trait(TestCategories.Key, TestCategories.Falsification)]
[Trait(TestCategories.VectorKey, "V7")]
public sealed class V7FalsificationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"needle-v7-suite-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    /// <summary>A scratch checkout holding only the cached runs, so the suite writes its evidence there, not into the real one.</summary>
    private FalsificationContext ScratchCheckout()
    {
        var cache = Path.Combine(_root, CurriculumMeasurement.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
        File.Copy(RepoPaths.InRepo(CurriculumMeasurement.RelativePath), cache);
        return new FalsificationContext(_root, Path.Combine(_root, "scratch"));
    }

    [Fact]
    public void Every_witness_is_rejected_for_its_reason_and_the_committed_evidence_is_what_the_suite_writes()
    {
        var results = new V7FalsificationSuite().Run(ScratchCheckout());
        results.Should().OnlyContain(r => r.Passed, string.Join("\n", results.Select(r => $"{r.Witness}: {r.ObservedReason}")));
        results.Where(r => r.Witness.StartsWith("control", StringComparison.Ordinal)).Should().ContainSingle().Which.Rejected.Should().BeFalse();
        results.Count(r => r.Rejected).Should().Be(2, "two planted witnesses");
        var written = File.ReadAllText(Path.Combine(_root, V7State.EvidencePath));
        File.ReadAllText(RepoPaths.InRepo(V7State.EvidencePath)).Should().Be(written,
            "assertions/evidence/V7.json must be the suite's verdict on the committed cache (re-run needle falsify --only v7 after needle bench curriculum)");
    }

    [Fact]
    public void The_recorded_verdict_is_the_predicate_on_the_recorded_variances()
    {
        var m = CurriculumMeasurement.Load(RepoPaths.InRepo(CurriculumMeasurement.RelativePath));
        var a = CurriculumAnalysis.Of(m.Runs);
        var finals = m.Runs.Where(r => r.Arm == CurriculumRunRecord.V7Arm).Select(r => r.Points[^1].ValBpb).ToArray();
        double mean = finals.Average();
        a.V7.Variance.Should().BeApproximately(finals.Sum(x => (x - mean) * (x - mean)) / (finals.Length - 1), 1e-15);
        a.Holds.Should().Be(a.V7.Variance <= 1.5 * a.Baseline.Variance && a.Seeds >= 3);
        V7State.Read(RepoPaths.Root).Enabled.Should().Be(a.Holds);
    }

    [Fact]
    public void The_state_is_disabled_with_its_own_reason_when_there_is_no_verdict_or_a_refutation()
    {
        V7State.Read(_root).Should().Be(new V7State(false, "no verdict yet: assertions/evidence/V7.json does not exist (run needle falsify --only v7)"));
        var m = CurriculumMeasurement.Load(RepoPaths.InRepo(CurriculumMeasurement.RelativePath));
        var spread = m.Runs.Select(r => r.Arm == CurriculumRunRecord.V7Arm
            ? r with { Points = [.. r.Points.SkipLast(1), r.Points[^1] with { ValBpb = r.Points[^1].ValBpb + 0.05 * (r.Seed % 3) }] }
            : r).ToList();
        var refuted = CurriculumAnalysis.Of(spread);
        refuted.Holds.Should().BeFalse("V7 finals 0, 0.05 and 0.10 BPB apart vary far more than the baseline's seeds");
        V7FalsificationSuite.Evidence(m, refuted, new string('0', 64)).Write(_root).Should().BeTrue();
        var state = V7State.Read(_root);
        state.Enabled.Should().BeFalse();
        state.Reason.Should().StartWith("switched off by falsifier mode 7: seed-to-seed variance too high");
        V7FalsificationSuite.Evidence(m, refuted, new string('0', 64)).Write(_root).Should().BeFalse("unchanged evidence is not rewritten");
    }

    [Fact]
    public void A_missing_cache_fails_the_suite_loudly()
    {
        var results = new V7FalsificationSuite().Run(new FalsificationContext(_root, Path.Combine(_root, "scratch")));
        results.Should().ContainSingle().Which.Passed.Should().BeFalse();
        results[0].ObservedReason.Should().Contain("needle bench curriculum");
    }
}
