namespace Needle.Training.Optim;

/// <summary>An optimiser over a model's flat parameter vector. State is exposed for checkpoints.</summary>
public interface IOptimizer : IDisposable
{
    string Name { get; }

    /// <summary>Completed updates (AdamW's bias correction uses it).</summary>
    long StepCount { get; set; }

    /// <summary>One update with the given base learning rate (group multipliers are applied inside).</summary>
    void Step(float learningRate);

    /// <summary>The state vectors in a fixed order (AdamW: m, v; SGD: momentum), for checkpoints.</summary>
    IReadOnlyList<float[]> State { get; }
}
