using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.Tests.Running;

/// <summary>The real engine runner on the real corpus, at a tiny size: cadence, checkpoint, cooperative stop, exact resume.</summary>
public sealed class EngineTrialRunnerTests : IDisposable
{
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load());
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-engine-runner-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    private static TrialSpec Spec(params (string Key, string Value)[] extra)
    {
        var config = new Dictionary<string, string>
        {
            ["model"] = "attn", ["d_model"] = "16", ["layers"] = "1", ["heads"] = "2", ["ctx"] = "16", ["batch"] = "2",
            ["steps"] = "12", ["lr"] = "0.003",
        };
        foreach (var (k, v) in extra) config[k] = v;
        return new TrialSpec("IGLA-ATTN-FP32-E0101-seed7", 7, config);
    }

    private sealed class Sink(Action<long>? after = null) : IReportSink
    {
        public List<(long Step, double Bpb)> Points { get; } = [];
        public void Report(long step, double bpb)
        {
            Points.Add((step, bpb));
            after?.Invoke(step);
        }
    }

    [Fact]
    public async Task A_run_split_at_a_rung_and_a_cooperative_stop_ends_bit_identical_to_an_uninterrupted_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var runner = new EngineTrialRunner(Corpus.Value);
        var whole = new Sink();
        var full = await runner.RunSegmentAsync(new TrialSegment(1, Spec(), null, 12, 4, Path.Combine(_dir, "a")), whole, ct);
        full.Status.Should().Be(SegmentStatus.ReachedTarget);
        whole.Points.Select(p => p.Step).Should().Equal(4, 8, 12);
        whole.Points.Should().OnlyContain(p => double.IsFinite(p.Bpb) && p.Bpb > 0 && p.Bpb < 9);

        using var stop = new CancellationTokenSource();
        var first = new Sink(_ => stop.Cancel());
        var stopped = await runner.RunSegmentAsync(new TrialSegment(2, Spec(), null, 8, 4, Path.Combine(_dir, "b")), first, stop.Token);
        stopped.Status.Should().Be(SegmentStatus.Cancelled);
        stopped.ReachedStep.Should().Be(4);
        var toRung = await runner.RunSegmentAsync(new TrialSegment(2, Spec(), stopped.Checkpoint, 8, 4, Path.Combine(_dir, "b")), first, ct);
        toRung.Status.Should().Be(SegmentStatus.ReachedTarget);
        var rest = await runner.RunSegmentAsync(new TrialSegment(2, Spec(), toRung.Checkpoint, 12, 4, Path.Combine(_dir, "b")), first, ct);
        rest.Status.Should().Be(SegmentStatus.ReachedTarget);
        first.Points.Should().Equal(whole.Points, "the checkpoint restores weights, optimiser state and the step-indexed batch stream");
    }

    [Fact]
    public async Task A_misspelt_config_key_fails_the_trial_naming_the_key()
    {
        var outcome = await new EngineTrialRunner(Corpus.Value).RunSegmentAsync(
            new TrialSegment(1, Spec(("learning_rate", "0.1")), null, 4, 4, _dir), new Sink(), TestContext.Current.CancellationToken);
        outcome.Status.Should().Be(SegmentStatus.Failed);
        outcome.Error.Should().Contain("learning_rate").And.Contain("IGLA-ATTN-FP32-E0101-seed7");
    }

    [Fact]
    public async Task A_trial_whose_learning_rate_explodes_ends_Diverged_with_the_reason_and_no_unstorable_report()
    {
        var sink = new Sink();
        var outcome = await new EngineTrialRunner(Corpus.Value).RunSegmentAsync(
            new TrialSegment(1, Spec(("lr", "500"), ("steps", "40"), ("warmup", "0")), null, 40, 4, _dir), sink, TestContext.Current.CancellationToken);
        outcome.Status.Should().Be(SegmentStatus.Diverged);
        outcome.Error.Should().Contain("DIVERGED").And.Contain("IGLA-ATTN-FP32-E0101-seed7");
        sink.Points.Should().OnlyContain(p => double.IsFinite(p.Bpb), "NaN or infinity is never stored as a report");
    }

    [Fact]
    public async Task Trials_with_different_seeds_and_contexts_are_scored_on_the_study_sample_not_their_own()
    {
        var ct = TestContext.Current.CancellationToken;
        // Same trial, two study samples: the cadence report changes with the study's sample (not with the trial's seed).
        var a = new Sink();
        var b = new Sink();
        await new EngineTrialRunner(Corpus.Value, sample: new ValidationSample(1)).RunSegmentAsync(new TrialSegment(1, Spec(), null, 4, 4, Path.Combine(_dir, "a")), a, ct);
        await new EngineTrialRunner(Corpus.Value, sample: new ValidationSample(2)).RunSegmentAsync(new TrialSegment(1, Spec(), null, 4, 4, Path.Combine(_dir, "b")), b, ct);
        a.Points.Single().Bpb.Should().NotBe(b.Points.Single().Bpb);
        // And the report is exactly the sample's BPB of the checkpointed model.
        var sink = new Sink();
        var outcome = await new EngineTrialRunner(Corpus.Value, sample: new ValidationSample(1)).RunSegmentAsync(
            new TrialSegment(1, Spec(("ctx", "24"), ("heads", "2")), null, 4, 4, Path.Combine(_dir, "c")), sink, ct);
        var config = EngineTrialConfig.From(Spec(("ctx", "24"), ("heads", "2")));
        using var trainer = new Needle.Training.Run.Trainer(config, Corpus.Value);
        trainer.Restore(Needle.Training.Checkpoints.Checkpoint.Load(outcome.Checkpoint!.Location));
        var expected = new ValidationSample(1).Evaluate(new Needle.Training.Evaluation.BpbEvaluator(trainer.Model), Corpus.Value.Validation.Span, 24);
        sink.Points.Single().Bpb.Should().Be(expected);
    }

    [Fact]
    public async Task A_per_trial_eval_windows_key_is_refused_because_the_sample_is_the_studys()
    {
        var outcome = await new EngineTrialRunner(Corpus.Value).RunSegmentAsync(
            new TrialSegment(1, Spec(("eval_windows", "4")), null, 4, 4, _dir), new Sink(), TestContext.Current.CancellationToken);
        outcome.Status.Should().Be(SegmentStatus.Failed);
        outcome.Error.Should().Contain("eval_windows");
    }
}
