using Needle.Core.Rungs;
using Needle.Search.Accelerators.Bandit;
using Needle.Search.Accelerators.Bohb;
using Needle.Search.Accelerators.PhiGrid;
using Needle.Search.History;

namespace Needle.Search.Replay;

/// <summary>
/// What a strategy may know while it runs: the configurations it may still start, and the curves of the trials it has
/// started — only up to the steps it has paid for (read from the study, where the replay delivers a segment's reports
/// only when the segment ends in simulated time).
/// </summary>
public interface IStrategyView
{
    /// <summary>The configurations not yet started (the search space left).</summary>
    IReadOnlyList<HistoryRecord> Unstarted { get; }

    /// <summary>The observed curve of a started configuration ([step, bpb] paid for so far), or empty.</summary>
    IReadOnlyList<(long Step, double Bpb)> Observed(string configId);

    /// <summary>Families with at least one configuration left.</summary>
    IReadOnlyList<string> Families => [.. Unstarted.Select(r => r.Family).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>Chooses the next configuration to start (V5's φ-grid sampler plugs in here). Only the config is readable: a sampler must not read the curve of a record it has not started.</summary>
public interface IConfigSampler
{
    HistoryRecord Next(IReadOnlyList<HistoryRecord> candidates, IStrategyView view, Random random);
}

/// <summary>Rejects configurations before any training (V2's zero-cost proxies plug in here).</summary>
public interface IPreTrainingFilter
{
    bool Admit(HistoryRecord candidate, IStrategyView view);
}

/// <summary>Which family the next configuration comes from (V6's bandit plugs in here); null = no preference.</summary>
public interface IFamilyBandit
{
    string? ChooseFamily(IStrategyView view, Random random);
}

/// <summary>Predicts a configuration's final BPB from what has been observed (V4's surrogate plugs in here); null = no prediction.</summary>
public interface ISurrogate
{
    double? PredictFinal(HistoryRecord candidate, IStrategyView view);
}

/// <summary>The rung policy the race applies: the ladder (one rung = no pruning) and whether trials enter by Hyperband brackets. ASHA itself is the race's.</summary>
public interface IPruner
{
    string Name { get; }
    RungLadder Ladder(RungLadder history);
    bool Hyperband { get; }
}

/// <summary>Uniform: every remaining configuration equally likely.</summary>
public sealed class UniformSampler : IConfigSampler
{
    public HistoryRecord Next(IReadOnlyList<HistoryRecord> candidates, IStrategyView view, Random random) => candidates[random.Next(candidates.Count)];
}

/// <summary>Admits everything.</summary>
public sealed class AdmitAll : IPreTrainingFilter
{
    public bool Admit(HistoryRecord candidate, IStrategyView view) => true;
}

/// <summary>No family preference.</summary>
public sealed class NoBandit : IFamilyBandit
{
    public string? ChooseFamily(IStrategyView view, Random random) => null;
}

/// <summary>Pruning by a surrogate: at <paramref name="Rung"/>, a trial ASHA promoted stops when its predicted final BPB is above <paramref name="Threshold"/>.</summary>
public sealed record SurrogateCut(ISurrogate Surrogate, long Rung, double Threshold);

/// <summary>ASHA on the history's ladder (every configuration enters at the first rung).</summary>
public sealed class AshaPruner : IPruner
{
    public string Name => "asha";
    public RungLadder Ladder(RungLadder history) => history;
    public bool Hyperband => false;
}

/// <summary>Hyperband brackets over ASHA on the history's ladder.</summary>
public sealed class HyperbandPruner : IPruner
{
    public string Name => "hyperband";
    public RungLadder Ladder(RungLadder history) => history;
    public bool Hyperband => true;
}

/// <summary>No pruning: one rung, the horizon — every configuration started is trained to the end.</summary>
public sealed class NoPruner : IPruner
{
    public string Name => "none";
    public RungLadder Ladder(RungLadder history) => RungLadder.Explicit([history.Steps[^1]], history.Eta);
    public bool Hyperband => false;
}

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
