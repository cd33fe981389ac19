using Needle.Training.Models;

namespace Needle.Training.Proxies;

/// <summary>
/// snip (Lee et al. 2019; NASLib's form): Σ over linear-layer weights of |w · ∂L/∂w| on the real batch — the
/// connection sensitivity, i.e. the gradient with respect to a multiplicative mask at 1.
/// </summary>
public sealed class Snip : IZeroCostProxy
{
    public string Name => "snip";

    public double Score(ModelBase model, ProxyBatch batch)
    {
        ProxyLayers.LossGradients(model, batch);
        return ProxyLayers.SumAbsWeightTimesGradient(model, Name);
    }
}
