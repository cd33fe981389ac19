using Needle.Training.Curriculum.Measurement;
using Needle.Training.Run;

namespace Needle.Training.Tests.Curriculum;

public sealed class CurriculumMeasurementTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"needle-v7-m-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static CurriculumRunRecord Run(string arm, ulong seed, double bpb) =>
        new(arm, seed, new string('a', 64), [new CurvePoint(10, 100, arm == "v7" ? 240 : 0, 1.5, 2.5, bpb + 0.5), new CurvePoint(20, 200, arm == "v7" ? 480 : 0, 3, 5, bpb)]);

    private static CurriculumMeasurement Part(ulong seed, string commit = "0123456789abcdef0123456789abcdef01234567") =>
        new(CurriculumMeasurement.SchemaName, $"needle bench curriculum --seeds {seed}", commit, "2026-12-02T00:00:00Z", "test",
            Needle.Training.Data.TinyShakespeare.Sha256, (TrainConfig.Defaults with { Seed = seed }).ToJson(), "median", 10,
            [Run("baseline", seed, 2.5 + seed * 0.01), Run("v7", seed, 2.6)]);

    [Fact]
    public void Per_seed_parts_merge_into_one_measurement_that_round_trips()
    {
        var merged = CurriculumMeasurement.Merge([("a", Part(43)), ("b", Part(42))], "needle bench curriculum --merge a b");
        merged.Runs.Select(r => (r.Arm, r.Seed)).Should().Equal(("baseline", 42UL), ("v7", 42UL), ("baseline", 43UL), ("v7", 43UL));
        merged.Command.Should().Be("needle bench curriculum --seeds 43 ; needle bench curriculum --seeds 42 ; needle bench curriculum --merge a b");
        var path = Path.Combine(_dir, "m.json");
        merged.Save(path);
        CurriculumMeasurement.Load(path).Runs.Should().BeEquivalentTo(merged.Runs, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Parts_of_different_commits_or_the_same_seed_twice_are_refused()
    {
        FluentActions.Invoking(() => CurriculumMeasurement.Merge([("a", Part(42)), ("b", Part(43, new string('f', 40)))], "m"))
            .Should().Throw<InvalidDataException>().WithMessage("b: commit*");
        FluentActions.Invoking(() => CurriculumMeasurement.Merge([("a", Part(42)), ("b", Part(42))], "m"))
            .Should().Throw<InvalidDataException>().WithMessage("*baseline seed 42 appears in more than one file*");
    }

    [Fact]
    public void A_damaged_file_is_refused_naming_the_field()
    {
        var path = Path.Combine(_dir, "bad.json");
        Part(42).Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"curriculum\": \"median\"", "\"curriculum\": \"hardest\""));
        FluentActions.Invoking(() => CurriculumMeasurement.Load(path)).Should().Throw<InvalidDataException>().WithMessage($"{path}: field \"curriculum\"*");
    }

    [Fact]
    public void The_analysis_finds_the_first_point_at_or_below_the_target_and_V7s_bpb_at_the_baseline_cpu()
    {
        // Baselines end at 2.92 and 2.93 (target 2.925); V7 is at 3.1 at its first point and ends at 2.6.
        var a = CurriculumAnalysis.Of([.. Part(42).Runs, .. Part(43).Runs]);
        a.TargetBpb.Should().BeApproximately(2.925, 1e-12);
        a.Baseline.Reach.Select(r => r.Point?.Step).Should().Equal(20L, null);
        a.V7.Reach.Select(r => r.Point?.Step).Should().Equal(20L, 20L);
        a.V7BpbAtBaselineCpu.Should().Equal(2.6, 2.6);
        a.Seeds.Should().Be(2);
        a.Holds.Should().BeFalse("two seeds are fewer than the three falsifier mode 7 needs");
    }
}
