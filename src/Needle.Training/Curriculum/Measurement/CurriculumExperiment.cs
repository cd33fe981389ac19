using System.Diagnostics;
using Needle.Training.Data;
using Needle.Training.Run;

namespace Needle.Training.Curriculum.Measurement;

/// <summary>
/// The V7 measurement: for each seed, the same configuration trained without and with the curriculum, each
/// evaluated on the whole validation split every <see cref="EvalEvery"/> steps and at the end. The clocks exclude
/// evaluation. Used at full size by <c>needle bench curriculum</c> (its result is cached in
/// <see cref="CurriculumMeasurement.RelativePath"/>) and at a tiny size in CI, so CI runs the same code path.
/// </summary>
public sealed class CurriculumExperiment(TrainConfig baseConfig, CurriculumSpec curriculum, IReadOnlyList<ulong> seeds, int evalEvery)
{
    public TrainConfig BaseConfig { get; } = baseConfig with { Curriculum = null, EvalEvery = 0 };
    public CurriculumSpec Curriculum { get; } = curriculum;
    public IReadOnlyList<ulong> Seeds { get; } = seeds;
    public int EvalEvery { get; } = evalEvery > 0 ? evalEvery : throw new ArgumentOutOfRangeException(nameof(evalEvery), evalEvery, "evaluate at least once before the end");

    /// <summary>Runs every (seed, arm), baseline first for each seed; <paramref name="progress"/> gets one line per run.</summary>
    public IReadOnlyList<CurriculumRunRecord> Run(TinyShakespeare corpus, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var runs = new List<CurriculumRunRecord>();
        foreach (var seed in Seeds)
            foreach (var arm in new[] { CurriculumRunRecord.BaselineArm, CurriculumRunRecord.V7Arm })
            {
                var config = BaseConfig with { Seed = seed, Curriculum = arm == CurriculumRunRecord.V7Arm ? Curriculum : null };
                var run = RunOne(arm, config, corpus, cancel);
                runs.Add(run);
                var last = run.Points[^1];
                progress?.Invoke(FormattableString.Invariant(
                    $"{arm} seed {seed}: val BPB {last.ValBpb:F4} after {last.Step} steps, {last.TrainedTokens} trained + {last.ScoredTokens} scored tokens, {last.CpuSeconds:F1} CPU-s, {last.WallSeconds:F1} wall-s"));
            }
        return runs;
    }

    private CurriculumRunRecord RunOne(string arm, TrainConfig config, TinyShakespeare corpus, CancellationToken cancel)
    {
        using var trainer = new Trainer(config, corpus);
        var clock = new TrainingClock(this, trainer);
        if (!trainer.RunUntil(config.Steps, clock, cancel)) cancel.ThrowIfCancellationRequested();
        return new CurriculumRunRecord(arm, config.Seed, config.Hash(), clock.Points);
    }

    /// <summary>Accumulates CPU and wall time over training segments, pausing both while it evaluates.</summary>
    private sealed class TrainingClock(CurriculumExperiment experiment, Trainer trainer) : ITrainingObserver
    {
        private readonly Stopwatch _wall = new();
        private TimeSpan _cpuSpent, _cpuStart;
        public List<CurvePoint> Points { get; } = [];

        public bool BeforeStep(Trainer t)
        {
            if (!_wall.IsRunning)
            {
                _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                _wall.Start();
            }
            return true;
        }

        public bool AfterStep(Trainer t, float loss)
        {
            long step = t.CompletedSteps;
            if (step % experiment.EvalEvery != 0 && step != t.Config.Steps) return true;
            _wall.Stop();
            _cpuSpent += Process.GetCurrentProcess().TotalProcessorTime - _cpuStart;
            long trained = step * t.TokensPerStep;
            long scored = (t.Curriculum?.ScoredSequences ?? 0) * t.Config.Model.Ctx;
            Points.Add(new CurvePoint(step, trained, scored, _cpuSpent.TotalSeconds, _wall.Elapsed.TotalSeconds, trainer.ValidationBpb()));
            return true;
        }
    }
}
