namespace Needle.Training.Models;

/// <summary>
/// A next-byte model the trainer can drive: a flat parameter vector split into named, grouped tensors, a forward
/// pass that returns the mean loss and per-position losses, and a backward pass that accumulates into a flat
/// gradient vector. New families (n-gram MLP, hybrid, JEPA-T) implement this and reuse Needle.Training.Layers.
/// </summary>
public interface ILanguageModel : IDisposable
{
    ModelConfig Config { get; }
    IReadOnlyList<ParameterTensor> Tensors { get; }
    long ParameterCount { get; }
    int MaxBatch { get; }

    /// <summary>The master weights (what the optimiser updates and checkpoints store).</summary>
    Span<float> Parameters { get; }

    /// <summary>dLoss/dParameters after <see cref="Backward"/> (zeroed by <see cref="ZeroGradients"/>).</summary>
    Span<float> Gradients { get; }

    /// <summary>Per-position cross-entropy (nats) of the last forward with targets; batch·ctx entries.</summary>
    ReadOnlySpan<float> PositionLosses { get; }

    /// <summary>Raw logits of the last forward without targets (batch·ctx·vocab).</summary>
    ReadOnlySpan<float> Logits { get; }

    IWeightTransform? WeightTransform { get; set; }
    IActivationObserver? Observer { get; set; }

    /// <summary>Forward pass over batch·ctx tokens; with targets returns the mean loss (nats), else NaN.</summary>
    float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch);

    void ZeroGradients();

    /// <summary>
    /// The step whose forward pass comes next, or null for evaluation. Stochastic layers (dropout) draw from
    /// (seed, step) so a resumed run repeats the uninterrupted one; evaluation is deterministic and noise-free.
    /// Families without stochastic layers ignore it (their config validation refuses a dropout rate).
    /// </summary>
    long? TrainingStep { get => null; set { } }

    /// <summary>
    /// State that is not a parameter but that the next steps depend on (JEPA-T's EMA target encoder and its ramp
    /// step), which a checkpoint must carry for an exact resume. Empty for models without such state.
    /// </summary>
    float[] SaveState() => [];

    /// <summary>Restores what <see cref="SaveState"/> returned.</summary>
    void RestoreState(float[] state)
    {
        if (state.Length != 0)
            throw new InvalidDataException($"checkpoint carries {state.Length} values of model state, but {Config.Model} keeps none");
    }

    /// <summary>Backward of the last forward-with-targets; gradients accumulate.</summary>
    void Backward();

    /// <summary>Forward FLOPs per token (matrix products and attention), for GFLOP/s reports; a step is ≈ 3×.</summary>
    double ForwardFlopsPerToken { get; }
}
