using Needle.Search.Accelerators.Bandit;
using Needle.Search.Accelerators.Bohb;
using Needle.Search.Accelerators.PhiGrid;

namespace Needle.Search.Replay;

/// <summary>A search strategy as its components; the defaults are the pure-ASHA baseline.</summary>
public sealed record SearchStrategy(string Name, IPruner Pruner)
{
    public IConfigSampler Sampler { get; init; } = new UniformSampler();
    public IPreTrainingFilter Filter { get; init; } = new AdmitAll();
    public IFamilyBandit Bandit { get; init; } = new NoBandit();
    /// <summary>Null: no surrogate prunes (the baseline).</summary>
    public SurrogateCut? Surrogate { get; init; }

    /// <summary>Grid: every configuration, in a random order, to the horizon.</summary>
    public static SearchStrategy Grid => new("grid", new NoPruner());

    /// <summary>
    /// Random search: configurations drawn uniformly, each trained to the horizon. On a finite table this is the grid
    /// in a random order (the two differ only by their draws): its ratio to grid measures the replay's own noise.
    /// </summary>
    public static SearchStrategy RandomSearch => new("random", new NoPruner());

    public static SearchStrategy Asha => new("asha", new AshaPruner());
    public static SearchStrategy Hyperband => new("hyperband", new HyperbandPruner());

    /// <summary>The names <see cref="Named"/> knows, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["grid", "random", "asha", "hyperband", "bohb", "phigrid", "ucb"];

    public static SearchStrategy Named(string name) => name switch
    {
        "grid" => Grid,
        "random" => RandomSearch,
        "asha" => Asha,
        "hyperband" => Hyperband,
        // Each accelerator alone on ASHA (docs/accelerators.md), whatever its falsifier's verdict: this measures it.
        "bohb" => Asha with { Name = "bohb", Sampler = new BohbSampler() },
        "phigrid" => Asha with { Name = "phigrid", Filter = new PhiGridFilter() },
        "ucb" => Asha with { Name = "ucb", Bandit = new Ucb1FamilyBandit() },
        _ => throw new ArgumentException($"strategy '{name}' is unknown; use {string.Join(", ", Names)}"),
    };
}

/// <summary>Pruning by a surrogate: at <paramref name="Rung"/>, a trial ASHA promoted stops when its predicted final BPB is above <paramref name="Threshold"/>.</summary>
public sealed record SurrogateCut(ISurrogate Surrogate, long Rung, double Threshold);
