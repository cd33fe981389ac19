using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bohb;

/// <summary>
/// V3's sampler on the replay: with probability <see cref="RandomFraction"/> a uniform draw (BOHB keeps a third of its
/// trials random, so the model cannot starve a region), otherwise the untried configuration of the history with the
/// largest l(x)/g(x) under <see cref="BohbModel"/> of the highest budget with enough observations — every untried
/// configuration is scored (on a finite table there is nothing to sample). The observations are the curve points the
/// race has paid for at each rung step. Every draw comes from the replay's seeded generator.
/// </summary>
public sealed class BohbSampler : IConfigSampler
{
    /// <summary>The share of trials drawn at random (the paper's ρ = 1/3).</summary>
    public const double RandomFraction = 1.0 / 3;

    private readonly ReplayTableView _table = new();
    private ConfigEncoding? _encoding;

    /// <summary>How many picks were drawn at random, by the model, and at random for want of a model.</summary>
    public (int Random, int Model, int NoModel) Picks { get; private set; }

    public HistoryRecord Next(IReadOnlyList<HistoryRecord> candidates, IStrategyView view, Random random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(random);
        _table.See(view);
        _encoding ??= ConfigEncoding.From(_table.All.Select(r => (IReadOnlyDictionary<string, string>)r.Config));
        if (random.NextDouble() < RandomFraction)
        {
            Picks = Picks with { Random = Picks.Random + 1 };
            return candidates[random.Next(candidates.Count)];
        }
        var model = BohbModel.Fit(_encoding, Observations(view));
        if (model is null)
        {
            Picks = Picks with { NoModel = Picks.NoModel + 1 };
            return candidates[random.Next(candidates.Count)];
        }
        Picks = Picks with { Model = Picks.Model + 1 };
        HistoryRecord best = candidates[0];
        var bestScore = double.NegativeInfinity;
        foreach (var c in candidates)
        {
            var score = model.LogRatio(c.Config);
            if (score > bestScore) (best, bestScore) = (c, score);
        }
        return best;
    }

    private Dictionary<long, List<(IReadOnlyDictionary<string, string>, double)>> Observations(IStrategyView view)
    {
        var byBudget = _table.Rungs.ToDictionary(r => r, _ => new List<(IReadOnlyDictionary<string, string>, double)>());
        foreach (var record in _table.Started(view))
        {
            var curve = view.Observed(record.ConfigId);
            foreach (var (step, bpb) in curve)
                if (byBudget.TryGetValue(step, out var list)) list.Add((record.Config, bpb));
        }
        return byBudget;
    }
}
