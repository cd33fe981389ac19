using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Models;
using Needle.Training.Run;

namespace Needle.Training.Proxies;

/// <summary>
/// Every proxy of one configuration at its initialisation (the config's own seed) on the fixed real batch of the
/// master seed: the four zero-cost proxies and the two baselines, by name.
/// </summary>
public static class ZeroCostProxies
{
    /// <summary>The proxies, in report order: the four candidates, then the baselines.</summary>
    public static IReadOnlyList<IZeroCostProxy> All { get; } =
        [new Synflow(), new GradNorm(), new Snip(), new Naswot(), new ParameterCount(), new FlopsPerToken()];

    /// <summary>The candidates' names (the baselines are not candidates for "best proxy").</summary>
    public static IReadOnlyList<string> Candidates { get; } = ["synflow", "grad_norm", "snip", "naswot"];

    public static IReadOnlyDictionary<string, double> Compute(TrainConfig config, TinyShakespeare corpus, ulong masterSeed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var batch = ProxyBatch.Real(corpus, config.Model.Ctx, masterSeed);
        using var pool = new WorkerPool(1);
        using var created = ModelFactory.CreateModel(config.Model, ProxyBatch.Sequences, config.Seed, pool);
        var model = created as ModelBase
                    ?? throw new InvalidOperationException($"{config.Model.Model}: zero-cost proxies need a ModelBase family (its gradients by tensor)");
        var scores = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var proxy in All) scores[proxy.Name] = proxy.Score(model, batch);
        return scores;
    }
}
