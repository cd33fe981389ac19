using System.Diagnostics;
using Needle.Training.Checkpoints;
using Needle.Training.Curriculum;
using Needle.Training.Data;
using Needle.Training.Evaluation;
using Needle.Training.Kernels;
using Needle.Training.Models;
using Needle.Training.Optim;

namespace Needle.Training.Run;

/// <summary>
/// Runs one training configuration on the canonical split: seeded batches, forward, backward, clipping, the
/// optimiser step at the scheduled learning rate, periodic sampled validation with the BPB EMA, checkpoints,
/// and a final whole-split validation. Same config and seed → bit-identical losses, for any thread count.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TinyShakespeare _corpus;
    private readonly WorkerPool _pool;
    private readonly BatchSampler _sampler;
    private readonly IOptimizer _optimizer;
    private readonly GradientClipper _clipper;
    private readonly LearningRateSchedule _schedule;
    private readonly BpbEvaluator _evaluator;
    private readonly int[] _inputs, _targets;
    private readonly float[] _losses;
    private readonly float[]? _weightEma;
    private readonly BpbEma _bpbEma;
    private readonly OnlineCurriculum? _curriculum;
    private long _step;

    public Trainer(TrainConfig config, TinyShakespeare corpus)
    {
        config.Validate();
        Config = config;
        _corpus = corpus;
        _pool = new WorkerPool(config.Threads);
        Model = ModelFactory.CreateModel(config.Model, config.Batch, config.Seed, _pool);
        _optimizer = ModelFactory.CreateOptimizer(config, Model, _pool);
        _clipper = new GradientClipper(Model, _pool);
        _schedule = new LearningRateSchedule(config.Schedule, config.Lr, config.Steps, config.EffectiveWarmup, config.MinLrFraction, config.DecayFraction);
        // The batch stream gets its own derived seed so it is independent of the initialisation stream.
        _sampler = new BatchSampler(corpus.Train, config.Batch, config.Model.Ctx, SplitMix64.Derive(config.Seed, 0xBA7C).NextULong());
        if (config.Curriculum is { } curriculum)
            _curriculum = new OnlineCurriculum(curriculum, _sampler, corpus.Train, SplitMix64.Derive(config.Seed, 0xC7C7).NextULong());
        _evaluator = new BpbEvaluator(Model);
        _inputs = new int[config.Batch * config.Model.Ctx];
        _targets = new int[config.Batch * config.Model.Ctx];
        _losses = new float[config.Steps];
        _bpbEma = new BpbEma(config.BpbEmaDecay);
        if (config.WeightEmaDecay > 0f) _weightEma = Model.Parameters.ToArray();
    }

    public TrainConfig Config { get; }
    public ILanguageModel Model { get; }
    public long CompletedSteps => _step;

    /// <summary>The batch losses (nats) of the completed steps.</summary>
    public float[] Losses => _losses.AsSpan(0, (int)_step).ToArray();
    public IOptimizer Optimizer => _optimizer;

    /// <summary>The V7 curriculum choosing the batches (null when off).</summary>
    public OnlineCurriculum? Curriculum => _curriculum;

    /// <summary>Tokens per optimiser step.</summary>
    public int TokensPerStep => Config.Batch * Config.Model.Ctx;

    /// <summary>One training step (the steady-state path: no managed allocation). Returns the batch loss.</summary>
    public float Step() => Step(repeatBatch: false);

    /// <summary>One training step; with <paramref name="repeatBatch"/> it trains again on the previous step's batch
    /// instead of drawing the next one (muP's coordinate check watches updates on the batch they were computed from,
    /// as microsoft/mup's coord check does by default). Returns the batch loss.</summary>
    public float Step(bool repeatBatch)
    {
        if (_step >= Config.Steps) throw new InvalidOperationException($"all {Config.Steps} steps are done");
        if (repeatBatch)
        {
            if (_step == 0) throw new InvalidOperationException("no batch to repeat before the first step");
        }
        else if (_curriculum is null) _sampler.Fill(_step, _inputs, _targets);
        else _curriculum.Fill(_step, Model, _inputs, _targets);
        Model.ZeroGradients();
        Model.TrainingStep = _step;
        float loss;
        try { loss = Model.Forward(_inputs, _targets, Config.Batch); }
        finally { Model.TrainingStep = null; }
        if (!float.IsFinite(loss))
            throw new ArithmeticException($"training diverged: loss {loss} at step {_step} (lr {_schedule.At(_step)}); lower the learning rate (Lr) or enable clipping (GradClip)");
        Model.Backward();
        _clipper.Clip(Config.GradClip);
        _optimizer.Step(_schedule.At(_step));
        if (_weightEma is not null)
        {
            var p = Model.Parameters;
            float d = Config.WeightEmaDecay;
            for (int i = 0; i < _weightEma.Length; i++) _weightEma[i] = d * _weightEma[i] + (1f - d) * p[i];
        }
        _losses[_step] = loss;
        _step++;
        return loss;
    }

    /// <summary>
    /// The one training loop: steps until <paramref name="untilStep"/> (at most the configured steps), calling the
    /// observer around every step. Returns true when the step was reached; false when the observer stopped the run
    /// or <paramref name="cancel"/> was requested (checked before every step: a cooperative stop between steps).
    /// </summary>
    public bool RunUntil(long untilStep, ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        long stop = Math.Min(Config.Steps, untilStep);
        while (_step < stop)
        {
            if (cancel.IsCancellationRequested || (observer is not null && !observer.BeforeStep(this))) return false;
            float loss = Step();
            if (observer is not null && !observer.AfterStep(this, loss)) return false;
        }
        return true;
    }

    /// <summary>
    /// Trains up to <paramref name="stopAfter"/> steps (default: all), saving a checkpoint into
    /// <paramref name="checkpointDir"/> at each evaluation and at the end; with <paramref name="resume"/> it first
    /// restores the checkpoint there. The final whole-split validation runs only when all steps are done.
    /// </summary>
    public TrainResult Run(string? checkpointDir = null, bool resume = false, long? stopAfter = null,
        Action<TrainProgress>? progress = null, CancellationToken cancel = default)
    {
        if (resume)
        {
            if (checkpointDir is null) throw new ArgumentException("resuming needs the checkpoint directory of the run", nameof(checkpointDir));
            Restore(Checkpoint.Load(checkpointDir));
        }
        var clock = Stopwatch.StartNew();
        long startStep = _step;
        if (!RunUntil(stopAfter ?? Config.Steps, new PeriodicValidation(this, checkpointDir, progress, clock, startStep), cancel))
            cancel.ThrowIfCancellationRequested(); // the only way this observer stops a run
        double seconds = clock.Elapsed.TotalSeconds;
        if (checkpointDir is not null) Save(checkpointDir);
        double tokensPerSecond = (_step - startStep) * (double)TokensPerStep / Math.Max(1e-9, seconds);
        int tail = (int)Math.Min(50, _step);
        double trainBpb = tail == 0 ? double.NaN : _losses.AsSpan((int)(_step - tail), tail).ToArray().Average(x => (double)x) / Math.Log(2);
        double valBpb = double.NaN;
        long targets = 0;
        double? emaWeightsBpb = null;
        if (_step == Config.Steps)
        {
            (valBpb, targets) = _evaluator.Evaluate(_corpus.Validation.Span);
            _bpbEma.Update(valBpb);
            if (_weightEma is not null) emaWeightsBpb = DeployedBpb();
        }
        return new TrainResult(_step, seconds, tokensPerSecond, trainBpb, valBpb, targets, _bpbEma.Value, emaWeightsBpb,
            Model.ParameterCount, _losses.AsSpan(0, (int)_step).ToArray(), Config.Hash());
    }

    /// <summary><c>needle train</c>'s observer: sampled validation (BPB EMA, checkpoint) every EvalEvery steps, progress.</summary>
    private sealed class PeriodicValidation(Trainer t, string? checkpointDir, Action<TrainProgress>? progress, Stopwatch clock, long startStep)
        : ITrainingObserver
    {
        public bool AfterStep(Trainer trainer, float loss)
        {
            long step = t._step;
            double? val = null;
            if (t.Config.EvalEvery > 0 && step % t.Config.EvalEvery == 0 && step < t.Config.Steps)
            {
                val = t.SampledBpb(t.Config.EvalWindows);
                t._bpbEma.Update(val.Value);
                if (checkpointDir is not null) t.Save(checkpointDir);
            }
            double tps = (step - startStep) * (double)t.TokensPerStep / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            progress?.Invoke(new TrainProgress(step, t.Config.Steps, loss, t._schedule.At(step - 1), tps, val, t._bpbEma.Value));
            return true;
        }
    }

    /// <summary>Validation BPB of the current weights on a seeded sample of windows (the run's seed picks them).</summary>
    public double SampledBpb(int windows) => _evaluator.Evaluate(_corpus.Validation.Span, windows, Config.Seed).Bpb;

    /// <summary>The evaluator bound to this trainer's model (for other validation samples).</summary>
    public BpbEvaluator Evaluator => _evaluator;

    /// <summary>
    /// Whole-split validation BPB of the weights the run deploys: the weight EMA when one is configured (the live
    /// weights are put back afterwards, so training and checkpoints are unaffected), else the current weights.
    /// </summary>
    public double DeployedBpb()
    {
        if (_weightEma is null) return ValidationBpb();
        var live = Model.Parameters.ToArray();
        _weightEma.CopyTo(Model.Parameters);
        try
        {
            return ValidationBpb();
        }
        finally
        {
            live.CopyTo(Model.Parameters);
        }
    }

    /// <summary>Whole-split validation BPB of the current weights.</summary>
    public double ValidationBpb() => _evaluator.Evaluate(_corpus.Validation.Span).Bpb;

    public Checkpoint Capture() => new(Config.ToJson(), _step, _optimizer.StepCount, Model.Parameters.ToArray(),
        _optimizer.State.Select(s => s.ToArray()).ToList(), _weightEma?.ToArray(), _bpbEma.Value, _bpbEma.Count,
        _losses.AsSpan(0, (int)_step).ToArray(), Model.SaveState(), _curriculum?.SaveState());

    public void Save(string directory) => Capture().Save(directory);

    public void Restore(Checkpoint c)
    {
        if (c.ConfigJson != Config.ToJson())
            throw new InvalidOperationException(
                $"checkpoint config differs from this run's config; resume with the same options.\n checkpoint: {c.ConfigJson}\n this run:   {Config.ToJson()}");
        if (c.Parameters.Length != Model.ParameterCount) throw new InvalidDataException("checkpoint parameter count differs from the model");
        c.Parameters.CopyTo(Model.Parameters);
        for (int i = 0; i < c.OptimizerState.Count; i++) c.OptimizerState[i].CopyTo(_optimizer.State[i], 0);
        _optimizer.StepCount = c.OptimizerSteps;
        c.WeightEma?.CopyTo(_weightEma!, 0);
        _bpbEma.Restore(c.BpbEmaValue, c.BpbEmaCount);
        c.Losses.CopyTo(_losses, 0);
        Model.RestoreState(c.ModelState);
        _curriculum?.RestoreState(c.CurriculumState ?? []);
        _step = c.Step;
    }

    public void Dispose()
    {
        Model.Dispose();
        _optimizer.Dispose();
        _pool.Dispose();
    }
}
