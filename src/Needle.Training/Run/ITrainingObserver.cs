namespace Needle.Training.Run;

/// <summary>
/// Watches <see cref="Trainer.RunUntil"/>: called after every completed step, it may evaluate, checkpoint, report or
/// time; returning false stops the run after that step (a divergence, a cooperative stop).
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Before the next step (e.g. to start a clock); false stops the run before it.</summary>
    bool BeforeStep(Trainer trainer) => true;

    /// <summary>After a completed step with its batch loss (nats); false stops the run.</summary>
    bool AfterStep(Trainer trainer, float loss);
}
