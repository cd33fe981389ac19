using Needle.Training.Curriculum;
using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Run;

namespace Needle.Training.Tests.Curriculum;

/// <summary>V7 in the trainer, on the real corpus with a small real model.</summary>
public sealed class CurriculumTrainingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load(RepoPaths.Corpus));

    private static TrainConfig Small(int steps, string curriculum = "median", int threads = 2) => new()
    {
        Model = new ModelConfig { DModel = 32, Layers = 1, Heads = 2, Ctx = 32 },
        Batch = 6, Steps = steps, Lr = 3e-3f, EvalEvery = 0, Threads = threads, Seed = 11,
        Curriculum = CurriculumSpec.Parse(curriculum),
    };

    private static float[] Losses(TrainConfig config)
    {
        using var t = new Trainer(config, Corpus.Value);
        t.RunUntil(config.Steps, cancel: Ct).Should().BeTrue();
        return t.Losses;
    }

    [Fact]
    public void A_V7_run_is_bit_identical_run_to_run_and_for_one_or_two_threads()
    {
        var a = Losses(Small(10));
        Losses(Small(10)).Should().Equal(a);
        Losses(Small(10, threads: 1)).Should().Equal(a);
    }

    [Fact]
    public void V7_changes_the_computation_and_trains_on_harder_sequences_than_the_plain_batch()
    {
        var off = Losses(Small(10, "off"));
        var on = Losses(Small(10));
        on.Should().NotEqual(off);
        // Step 0 starts from the same weights; round 0's candidates are exactly the plain batch, and V7 keeps only the
        // candidates at or above the running median, so its first training batch must be harder.
        on[0].Should().BeGreaterThan(off[0]);
        Losses(Small(10, "0.9"))[0].Should().BeGreaterThan(on[0], "a higher quantile keeps only harder sequences");
    }

    [Fact]
    public void Every_step_scores_between_one_and_MaxRounds_candidate_batches()
    {
        var config = Small(15);
        using var t = new Trainer(config, Corpus.Value);
        long before = 0;
        for (int s = 0; s < config.Steps; s++)
        {
            t.Step();
            long scored = t.Curriculum!.ScoredSequences - before;
            scored.Should().BeInRange(config.Batch, (long)CurriculumSpec.MaxRounds * config.Batch);
            (scored % config.Batch).Should().Be(0);
            before = t.Curriculum.ScoredSequences;
        }
        before.Should().BeGreaterThan((long)config.Steps * config.Batch, "with the median, some steps need a second round");
    }

    [Fact]
    public void Resuming_a_V7_run_reproduces_the_uninterrupted_run_exactly()
    {
        var config = Small(14) with { EvalEvery = 5, EvalWindows = 4 };
        string dir = Path.Combine(Path.GetTempPath(), $"needle-v7-ckpt-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            TrainResult full;
            long scored;
            using (var t = new Trainer(config, Corpus.Value))
            {
                full = t.Run(cancel: Ct);
                scored = t.Curriculum!.ScoredSequences;
            }
            using (var t = new Trainer(config, Corpus.Value)) t.Run(dir, stopAfter: 6, cancel: Ct);
            using (var t = new Trainer(config, Corpus.Value))
            {
                var resumed = t.Run(dir, resume: true, cancel: Ct);
                resumed.Losses.Should().Equal(full.Losses);
                resumed.ValBpb.Should().Be(full.ValBpb);
                t.Curriculum!.ScoredSequences.Should().Be(scored);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Without_its_window_in_the_checkpoint_a_resume_would_differ()
    {
        // The window is state: a resume that starts from an empty window picks other batches (so it must be saved).
        var config = Small(12);
        float[] full;
        Needle.Training.Checkpoints.Checkpoint mid;
        using (var t = new Trainer(config, Corpus.Value))
        {
            t.RunUntil(6, cancel: Ct);
            mid = t.Capture();
            t.RunUntil(12, cancel: Ct);
            full = t.Losses;
        }
        using var fresh = new Trainer(config, Corpus.Value);
        var emptyWindow = new OnlineCurriculum(config.Curriculum!, new BatchSampler(Corpus.Value.Train, 6, 32, 1), Corpus.Value.Train, 1).SaveState();
        fresh.Restore(mid with { CurriculumState = emptyWindow });
        fresh.RunUntil(12, cancel: Ct);
        fresh.Losses.Should().NotEqual(full);
    }

    [Fact]
    public void An_off_run_writes_the_version_2_checkpoint_it_wrote_before_V7()
    {
        var config = Small(3, "off");
        string dir = Path.Combine(Path.GetTempPath(), $"needle-v7-off-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var t = new Trainer(config, Corpus.Value)) t.Run(dir, cancel: Ct);
            var bytes = File.ReadAllBytes(Needle.Training.Checkpoints.Checkpoint.PathIn(dir));
            BitConverter.ToInt32(bytes, 4).Should().Be(2);
            Needle.Training.Checkpoints.Checkpoint.Load(dir).CurriculumState.Should().BeNull();
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
