using System.Globalization;
using Needle.Search.Study;
using Needle.Training.Checkpoints;
using Needle.Training.Data;
using Needle.Training.Run;

namespace Needle.Search.Running;

/// <summary>
/// The real trial runner (<c>needle race --runner engine</c>): trains the trial's config (<see cref="EngineTrialConfig"/>)
/// with the engine's <see cref="Trainer"/> on TinyShakespeare. Reports validation BPB at every multiple of the cadence
/// on the study's common <see cref="ValidationSample"/> (the same target bytes for every trial of the study), except
/// the report at the trial's last step (<c>steps</c>), which is on the WHOLE 100,000-byte validation split (of the EMA
/// weights when <c>weight_ema</c> is set). A BPB that is NaN, infinite or above 8 (<see cref="Divergence"/>), or a
/// non-finite training loss, ends the segment <see cref="SegmentStatus.Diverged"/> with the reason. Checkpoints (the engine's exact format: weights, optimiser state, step) at the
/// segment's target and at a cooperative stop; resuming restores them bit-exactly (the batch stream is indexed by
/// step), so an interrupted run ends with the same numbers as an uninterrupted one.
/// </summary>
/// <param name="corpus">The loaded (hash-checked) corpus.</param>
/// <param name="defaultSteps">Schedule horizon of trials whose config has no <c>steps</c> (the race: its last rung).</param>
/// <param name="sample">The study's validation sample (<see cref="ValidationSample.ForStudy"/>); by default a fixed
/// one, so every trial this runner trains is still scored on the same bytes.</param>
public sealed class EngineTrialRunner(TinyShakespeare corpus, long defaultSteps = 2000, ValidationSample? sample = null) : ITrialRunner
{
    private readonly ValidationSample _sample = sample ?? new ValidationSample(0);
    private readonly TinyShakespeare _corpus = corpus;

    public string Name => "engine";

    public Task<SegmentOutcome> RunSegmentAsync(TrialSegment segment, IReportSink reports, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(reports);
        // Training is CPU-bound: run it off the scheduler's thread so N trials really run in parallel.
        return Task.Run(() => Run(segment, reports, cancellation), CancellationToken.None);
    }

    private SegmentOutcome Run(TrialSegment segment, IReportSink reports, CancellationToken cancellation)
    {
        TrainConfig config;
        try
        {
            config = EngineTrialConfig.From(segment.Spec, defaultSteps);
        }
        catch (ArgumentException e)
        {
            return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null, e.Message);
        }
        if (segment.Spec.Config.ContainsKey("eval_windows"))
            return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null,
                $"trial '{segment.Spec.CanonName}': eval_windows is no longer a trial setting — every trial of a study is scored on the study's common validation sample; remove the key");
        if (config.Model.Ctx >= _sample.SpanBytes)
            return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null,
                $"trial '{segment.Spec.CanonName}': ctx {config.Model.Ctx} does not fit the study's validation spans of {_sample.SpanBytes} bytes");
        if (segment.UntilStep > config.Steps)
            return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null,
                $"trial '{segment.Spec.CanonName}': rung {segment.UntilStep} is beyond its configured steps {config.Steps}; raise 'steps' in the space or shorten the ladder");

        using var trainer = new Trainer(config, _corpus);
        if (segment.ResumeFrom is { } from)
        {
            try
            {
                var checkpoint = Checkpoint.Load(from.Location);
                if (checkpoint.Step != from.Step)
                    return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null,
                        $"checkpoint {from.Location} holds step {checkpoint.Step}, the study says {from.Step}");
                trainer.Restore(checkpoint);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
            {
                return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null,
                    $"checkpoint {from.Location} of '{segment.Spec.CanonName}' cannot be resumed: {e.Message}");
            }
        }

        var measure = reports as IMeasurementSink;
        var clock = new SegmentClock(measure is not null);
        var started = trainer.CompletedSteps;
        var observer = new Cadence(this, segment, reports, measure, clock);
        try
        {
            if (!trainer.RunUntil(segment.UntilStep, observer, cancellation))
                return Cost(observer.Diverged ?? new SegmentOutcome(SegmentStatus.Cancelled, trainer.CompletedSteps, Save(trainer, segment)));
        }
        catch (ArithmeticException e)
        {
            return Cost(new SegmentOutcome(SegmentStatus.Diverged, trainer.CompletedSteps, null, $"'{segment.Spec.CanonName}': DIVERGED: {e.Message}"));
        }
        return Cost(new SegmentOutcome(SegmentStatus.ReachedTarget, trainer.CompletedSteps, Save(trainer, segment)));

        SegmentOutcome Cost(SegmentOutcome outcome)
        {
            measure?.Cost(trainer.CompletedSteps - started, clock.TrainSeconds, clock.EvalSeconds, clock.CpuTime);
            return outcome;
        }
    }

    /// <summary>
    /// The race's observer of <see cref="Trainer.RunUntil"/>: at every multiple of the cadence, BPB on the study's
    /// sample (whole split, deployed weights, at the trial's last step) is checked for divergence and reported;
    /// a measuring sink also gets the whole-split BPB at the segment's target and the step/evaluation costs.
    /// </summary>
    private sealed class Cadence(EngineTrialRunner runner, TrialSegment segment, IReportSink reports, IMeasurementSink? measure, SegmentClock clock)
        : ITrainingObserver
    {
        /// <summary>Set when a report diverged (the run stops there).</summary>
        public SegmentOutcome? Diverged { get; private set; }

        public bool BeforeStep(Trainer trainer)
        {
            clock.BeginTrain();
            return true;
        }

        public bool AfterStep(Trainer trainer, float loss)
        {
            clock.EndTrain();
            var step = trainer.CompletedSteps;
            bool last = step == trainer.Config.Steps, target = measure is not null && step == segment.UntilStep;
            if (step % segment.ReportEvery != 0 && !target) return true;
            var bpb = clock.Evaluate(() => last
                ? trainer.DeployedBpb()
                : runner._sample.Evaluate(trainer.Evaluator, runner._corpus.Validation.Span, trainer.Config.Model.Ctx));
            if (Divergence.Reason(step, bpb) is { } diverged)
            {
                if (double.IsFinite(bpb)) reports.Report(step, bpb);
                Diverged = new SegmentOutcome(SegmentStatus.Diverged, step, null, $"'{segment.Spec.CanonName}': {diverged}");
                return false;
            }
            if (step % segment.ReportEvery == 0) reports.Report(step, bpb);
            if (target) measure!.WholeSplit(step, last ? bpb : clock.Evaluate(trainer.DeployedBpb));
            return true;
        }
    }

    /// <summary>One checkpoint directory per (trial, step): a rung's checkpoint is never overwritten by a later one.</summary>
    private static TrialCheckpoint Save(Trainer trainer, TrialSegment segment)
    {
        var directory = Path.Combine(segment.CheckpointDirectory,
            string.Create(CultureInfo.InvariantCulture, $"trial{segment.TrialId}-step{trainer.CompletedSteps}"));
        Directory.CreateDirectory(directory);
        trainer.Save(directory); // the engine writes a temp file and renames it: never a half-written checkpoint
        return new TrialCheckpoint(trainer.CompletedSteps, directory);
    }
}
