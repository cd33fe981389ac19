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

    // The smallest live race V4 can judge: the history's first two rungs (100, 300) and one more, a tiny attn model.
    private const string LiveSpace = """
        { "name": "live-vectors", "model": "attn", "format": "FP32", "experimentIdStart": 201, "seeds": [42], "reportEvery": 50,
          "configs": [ { "d_model": 16, "layers": 1, "heads": 2, "ctx": 16, "batch": 2, "lr": 0.003 },
                       { "d_model": 16, "layers": 1, "heads": 2, "ctx": 16, "batch": 2, "lr": 0.006 } ] }
        """;

    [Fact]
    public void A_live_engine_race_with_V4_and_V7_prunes_by_the_surrogate_and_trains_with_the_curriculum()
    {
        NativeTool.Require(Needle.Search.Accelerators.Surrogate.XgboostLibraryProbe.Available,
            $"XGBoost's C library ({Needle.Search.Accelerators.Surrogate.XgboostLibraryProbe.Package})", Needle.Search.Accelerators.Surrogate.XgboostLibraryProbe.InstallHint);
        var expected = VectorEvidence.ReadAll(RepoPaths.Root).ToDictionary(s => s.Vector);
        expected["V4"].Switch.Should().Be(VectorSwitch.Enabled, "this test exercises V4 live; its committed evidence holds");
        expected["V7"].Switch.Should().Be(VectorSwitch.Enabled, "this test exercises V7 live; its committed evidence holds");
        var space = Path.Combine(_dir, "live.json");
        var study = Path.Combine(_dir, "live.db");
        File.WriteAllText(space, LiveSpace);

        var (code, _, stderr) = NeedleProcess.Run("race", "--study", study, "--space", space, "--runner", "engine", "--ladder", "100,300,400:3",
            "--parallel", "1", "--vectors", "v4,v7");
        code.Should().Be(0, stderr);

        using (var storage = new SqliteStudyStorage(study))
        {
            var id = storage.FindStudy("live-vectors")!.Id;
            var states = storage.GetVectorStates(id).ToDictionary(s => s.Vector);
            states["V4"].Switch.Should().Be(VectorSwitch.Enabled);
            states["V4"].Reason.Should().Contain("live surrogate").And.Contain("fold-0 MAE");
            states["V7"].Switch.Should().Be(VectorSwitch.Enabled);
            states.Where(kv => kv.Key is not ("V4" or "V7")).Should().OnlyContain(kv => kv.Value.Switch != VectorSwitch.Enabled);
            var trials = storage.GetTrials(id);
            trials.Should().HaveCount(2).And.OnlyContain(t => t.Spec.Config["curriculum"] == "median", "V7 sets the curriculum its evidence measured on every trial");
            // The first trial at rung 300 is ASHA's only result there, so ASHA promotes it; a d16 model 300 steps in is
            // predicted far worse than the history's 40th percentile, so V4 stops it.
            trials.Should().Contain(t => t.State == TrialState.Pruned && t.Error != null && t.Error.StartsWith("V4 surrogate:", StringComparison.Ordinal));
            storage.GetRungDecisions(id).Should().NotContain(d => d.RungStep == 400, "every trial that passed ASHA at 300 was stopped by the surrogate");
        }

        var report = Path.Combine(_dir, "live-report");
        NeedleProcess.Run("report", "--study", study, "--out", report).ExitCode.Should().Be(0);
        var md = File.ReadAllText(Path.Combine(report, "report.md"));
        md.Should().Contain("| V4 XGBoost surrogate | enabled |").And.Contain("| V7 online curriculum | enabled |").And.Contain("V4 surrogate: predicted final BPB");
    }

    [Fact]
    public void V4_is_off_with_the_reason_on_a_ladder_that_does_not_start_at_the_history_rungs()
    {
        NativeTool.Require(Needle.Search.Accelerators.Surrogate.XgboostLibraryProbe.Available,
            $"XGBoost's C library ({Needle.Search.Accelerators.Surrogate.XgboostLibraryProbe.Package})", Needle.Search.Accelerators.Surrogate.XgboostLibraryProbe.InstallHint);
        var space = Path.Combine(_dir, "space.json");
        var study = Path.Combine(_dir, "ladder.db");
        File.WriteAllText(space, Space);
        var (code, _, stderr) = NeedleProcess.Run("race", "--study", study, "--space", space, "--runner", "synthetic", "--ladder", "100x3^2",
            "--parallel", "2", "--vectors", "v4");
        code.Should().Be(0, stderr);
        using var storage = new SqliteStudyStorage(study);
        var v4 = storage.GetVectorStates(storage.FindStudy("vectors")!.Id).Single(s => s.Vector == "V4");
        v4.Switch.Should().Be(VectorSwitch.Disabled);
        v4.Reason.Should().Contain("must start with the history's rungs 100, 300 and go on past them");
    }

    [Fact]
    public void An_unknown_vector_is_bad_input_naming_it()
    {
        var (code, _, stderr) = NeedleProcess.Run("race", "--study", Path.Combine(_dir, "s.db"), "--runner", "synthetic", "--vectors", "v9");
        code.Should().Be(ExitCodes.BadInput);
        stderr.Should().Contain("'v9'");
    }
}
