using Needle.Training.Models;

namespace Needle.Training.Proxies;

/// <summary>The second baseline: forward FLOPs per token (the model's own count: matrix products and attention).</summary>
public sealed class FlopsPerToken : IZeroCostProxy
{
    public string Name => "flops_per_token";

    public double Score(ModelBase model, ProxyBatch batch) => model.ForwardFlopsPerToken;
}
