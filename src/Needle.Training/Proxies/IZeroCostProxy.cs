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

    /// <summary>Σ |w·∂L/∂w| over the linear layers' weights, in double (snip's saliency on the loss, synflow's on the
    /// all-ones logit sum: the objective is whatever the caller's backward pass computed).</summary>
    public static double SumAbsWeightTimesGradient(ModelBase model, string proxy)
    {
        double total = 0;
        foreach (var t in Linear(model))
        {
            var w = model.ParameterOf(t);
            var g = model.GradientOf(t);
            for (int i = 0; i < w.Length; i++) total += Math.Abs((double)w[i] * g[i]);
        }
        RequireFinite(total, proxy, model);
        return total;
    }
}
