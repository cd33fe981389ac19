using Needle.Training.Models;

namespace Needle.Training.Proxies;

/// <summary>
/// synflow (Tanaka et al. 2020; NASLib's form): every parameter replaced by its absolute value, an all-ones input
/// (token 1 at every position), R = Σ logits, score = Σ over linear-layer weights of |w · ∂R/∂w|; the signs are
/// restored afterwards. Data-free: the real batch is not used, only its shape.
/// Precision: the model's forward and backward are its own float32 kernels (there is no double-precision
/// implementation of the families, and a second one would be a second implementation of each model); the products
/// and the sum are taken in double, and a non-finite gradient is an error, never a score. Overflow, the reason the
/// original computes in double, needs many unnormalised layers: every family here normalises each block.
/// </summary>
public sealed class Synflow : IZeroCostProxy
{
    public string Name => "synflow";

    public double Score(ModelBase model, ProxyBatch batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        var original = model.Parameters.ToArray();
        var ones = batch.AllOnes();
        try
        {
            var p = model.Parameters;
            for (int i = 0; i < p.Length; i++) p[i] = Math.Abs(p[i]);
            model.LogitSumObjective = true;
            model.ZeroGradients();
            model.Forward(ones.Inputs, ones.Targets, ProxyBatch.Sequences);
            model.Backward();
            return ProxyLayers.SumAbsWeightTimesGradient(model, Name);
        }
        finally
        {
            model.LogitSumObjective = false;
            original.CopyTo(model.Parameters);
            model.ZeroGradients();
        }
    }
}
