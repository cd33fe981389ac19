using Needle.Training.Models;

namespace Needle.Training.Proxies;

/// <summary>The baseline every honest proxy comparison reports: the number of trainable parameters.</summary>
public sealed class ParameterCount : IZeroCostProxy
{
    public string Name => "params";

    public double Score(ModelBase model, ProxyBatch batch) => model.ParameterCount;
}
