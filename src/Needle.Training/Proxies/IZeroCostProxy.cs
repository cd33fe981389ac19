using Needle.Training.Models;

namespace Needle.Training.Proxies;

/// <summary>
/// A score of an untrained model (at its initialisation) meant to rank configurations by how well they will train
/// (V2). Higher is meant to be better. A proxy may change the model's gradients and observer but must leave its
/// weights as it found them.
/// </summary>
public interface IZeroCostProxy
{
    /// <summary>The name the cache and reports use (snake_case).</summary>
    string Name { get; }

    double Score(ModelBase model, ProxyBatch batch);
}

/// <summary>What the per-layer proxies (grad_norm, snip, synflow) sum over, as NASLib sums over Linear/Conv layers.</summary>
public static class ProxyLayers
{
    /// <summary>
    /// The weight matrices of linear maps: every tensor of rank ≥ 2 outside the embedding group (token and position
    /// tables are lookups, not layers; a tied readout is the embedding and so is not counted twice).
    /// </summary>
    public static IEnumerable<ParameterTensor> Linear(ModelBase model) =>
        model.Tensors.Where(t => t.Shape.Length >= 2 && t.Group != ParameterGroup.Embedding);

    /// <summary>One forward with targets and one backward of the loss on the batch, gradients zeroed first.</summary>
    public static void LossGradients(ModelBase model, ProxyBatch batch)
    {
        model.ZeroGradients();
        var loss = model.Forward(batch.Inputs, batch.Targets, ProxyBatch.Sequences);
        if (!float.IsFinite(loss)) throw new InvalidOperationException($"{model.Config.Model}: the loss at initialisation is {loss}; no proxy can be scored");
        model.Backward();
    }

    /// <summary>Fails loudly rather than letting a non-finite gradient turn into a silent score.</summary>
    public static void RequireFinite(double score, string proxy, ModelBase model)
    {
        if (!double.IsFinite(score))
            throw new InvalidOperationException($"{proxy}: the score of this {model.Config.Model} model is {score} (a gradient overflowed or is NaN)");
    }
}
