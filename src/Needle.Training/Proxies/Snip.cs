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
        double total = 0;
        foreach (var t in ProxyLayers.Linear(model))
        {
            var w = model.ParameterOf(t);
            var g = model.GradientOf(t);
            for (int i = 0; i < w.Length; i++) total += Math.Abs((double)w[i] * g[i]);
        }
        ProxyLayers.RequireFinite(total, Name, model);
        return total;
    }
}
