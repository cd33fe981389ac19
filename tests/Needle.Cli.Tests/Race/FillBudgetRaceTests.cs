using Needle.Core.Rungs;
using Needle.Search.Study;

namespace Needle.Cli.Tests.Race;

/// <summary>
/// A space with <c>fillBudget</c>: a new engine race measures this machine's speed on the space's first trial and
/// stores a ladder stretched to the budget; a resumed study keeps its ladder, and <c>--ladder</c> turns sizing off.
/// The race is stopped early by <c>--budget-steps</c>, so the test costs seconds whatever the machine's speed.
/// </summary>
public sealed class FillBudgetRaceTests : IDisposable
{
    private const string Space = """
        { "name": "fill", "model": "attn", "format": "FP32", "experimentIdStart": 101, "seeds": [42, 43],
          "ladder": "20,80:4", "reportEvery": 10, "fillBudget": true,
          "configs": [ { "d_model": 16, "layers": 1, "heads": 2, "ctx": 16, "batch": 2, "lr": 0.003, "schedule": "cosine" } ] }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("needle-fill-budget-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    public void A_new_race_stretches_the_ladder_to_its_budget_and_a_resume_keeps_it()
    {
        var space = Path.Combine(_dir, "space.json");
        var study = Path.Combine(_dir, "study.db");
        File.WriteAllText(space, Space);

        var first = NeedleProcess.Run("race", "--study", study, "--space", space, "--budget", "10m", "--budget-steps", "40", "--parallel", "1");
        first.ExitCode.Should().Be(0, first.StdErr);
        first.StdErr.Should().Contain("space 'fill' fills its budget: ladder ").And.Contain(" stretched to ");
        var stored = StoredLadder(study);
        stored.Eta.Should().Be(4);
        stored.Steps.Should().HaveCount(2).And.OnlyContain(r => r % 10 == 0);
        stored.Steps[0].Should().BeGreaterThan(20, "ten minutes buy far more than the written 20 + 80 steps on any machine this runs on");

        var resumed = NeedleProcess.Run("race", "--study", study, "--budget", "10m", "--budget-steps", "60", "--parallel", "1");
        resumed.ExitCode.Should().Be(0, resumed.StdErr);
        resumed.StdErr.Should().NotContain("fills its budget", "a study keeps the ladder it was created with");
        StoredLadder(study).Should().Be(stored);
    }

    [Fact]
    public void An_explicit_ladder_is_raced_as_written()
    {
        var space = Path.Combine(_dir, "space.json");
        var study = Path.Combine(_dir, "explicit.db");
        File.WriteAllText(space, Space);

        var run = NeedleProcess.Run("race", "--study", study, "--space", space, "--ladder", "20,80:4", "--budget", "10m", "--budget-steps", "20", "--parallel", "1");
        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdErr.Should().NotContain("fills its budget");
        StoredLadder(study).Should().Be(RungLadder.Parse("20,80:4"));
    }

    private static RungLadder StoredLadder(string study)
    {
        using var storage = new SqliteStudyStorage(study);
        return storage.FindStudy("fill")!.Ladder;
    }
}
