using Needle.Training.Models;

namespace Needle.Training.Proxies;

/// <summary>
/// grad_norm (Abdelfattah et al. 2021, as NASLib defines it): Σ over linear layers of ‖∂L/∂W‖₂, the Euclidean norm of
/// each layer's loss gradient on the real batch, summed.
/// </summary>
public sealed class GradNorm : IZeroCostProxy
{
    public string Name => "grad_norm";

    public double Score(ModelBase model, ProxyBatch batch)
    {
        ProxyLayers.LossGradients(model, batch);
        double total = 0;
        foreach (var t in ProxyLayers.Linear(model))
        {
            double sq = 0;
            foreach (var g in model.GradientOf(t)) sq += (double)g * g;
            total += Math.Sqrt(sq);
        }
        ProxyLayers.RequireFinite(total, Name, model);
        return total;
    }
}
