using Needle.Core.Vectors;
using Needle.Search.Study;

namespace Needle.Cli.Tests.Race;

/// <summary>
/// `needle race --vectors v3,v6` on a tiny space (synthetic runner): the study records every vector's state before
/// anything trains — requested ones with their evidence's verdict, the rest "not requested" — and `hunt status` and the
/// report show them. An unknown vector is bad input (exit 2).
/// </summary>
public sealed class RaceVectorsTests : IDisposable
{
    private const string Space = """
        { "name": "vectors", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 101, "seeds": [42],
          "configs": [ { "lr": 0.002 }, { "lr": 0.004 } ] }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("needle-race-vectors-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    public void The_race_stores_which_vectors_were_on_and_why_and_reports_show_it()
    {
        var space = Path.Combine(_dir, "space.json");
        var study = Path.Combine(_dir, "study.db");
        File.WriteAllText(space, Space);

        var (code, _, stderr) = NeedleProcess.Run("race", "--study", study, "--space", space, "--runner", "synthetic", "--ladder", "100x3^2",
            "--parallel", "2", "--vectors", "v3,v6");
        code.Should().Be(0, stderr);
        stderr.Should().Contain("vector V3 (BOHB):").And.Contain("vector V1 (muP transfer): disabled — not requested (--vectors)");

        var expected = VectorEvidence.ReadAll(RepoPaths.Root).ToDictionary(s => s.Vector);
        using (var storage = new SqliteStudyStorage(study))
        {
            var states = storage.GetVectorStates(storage.FindStudy("vectors")!.Id).ToDictionary(s => s.Vector);
            states.Keys.Should().Equal("V1", "V2", "V3", "V4", "V5", "V6", "V7");
            states["V1"].Switch.Should().Be(VectorSwitch.Disabled);
            states["V1"].Reason.Should().StartWith("not requested");
            foreach (var v in new[] { "V3", "V6" })
            {
                states[v].Reason.Should().NotStartWith("not requested");
                states[v].EvidenceSha256.Should().Be(expected[v].EvidenceSha256, "the state names the evidence file it was read from");
                if (expected[v].Switch != VectorSwitch.Enabled) states[v].Switch.Should().NotBe(VectorSwitch.Enabled, "a vector whose evidence does not hold is never on");
            }
        }

        var status = NeedleProcess.Run("hunt", "status", "--study", study, "--rung", "100");
        status.ExitCode.Should().Be(0, status.StdErr);
        status.StdOut.Should().Contain("vector V1 (muP transfer): disabled — not requested (--vectors)");

        var report = Path.Combine(_dir, "report");
        NeedleProcess.Run("report", "--study", study, "--out", report).ExitCode.Should().Be(0);
        File.ReadAllText(Path.Combine(report, "report.md")).Should().Contain("| V1 muP transfer | disabled | not requested (--vectors)");
    }

    [Fact]
    public void An_unknown_vector_is_bad_input_naming_it()
    {
        var (code, _, stderr) = NeedleProcess.Run("race", "--study", Path.Combine(_dir, "s.db"), "--runner", "synthetic", "--vectors", "v9");
        code.Should().Be(ExitCodes.BadInput);
        stderr.Should().Contain("'v9'");
    }
}
