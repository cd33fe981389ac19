using Needle.Core.Invariants;

namespace Needle.Core.Canon;

/// <summary>
/// Validates a batch of runs before it is deployed. Reports every violation (not just the first) so one
/// edit can fix a whole batch.
/// </summary>
public static class DeployValidator
{
    /// <summary>GF16 keeps only 9 mantissa bits; below this hidden width the quantisation error was observed to
    /// dominate (upstream INV-3). The audit registry names this constant as the invariant's numeric anchor.</summary>
    [Invariant("INV-3")]
    public const int Gf16MinHidden = 256;

    /// <summary>Experiment ids reserved for the champion runs; a new run may never take one.</summary>
    public static IReadOnlyList<int> ChampionLockedIds { get; } = [1, 2, 3, 4];

    /// <summary>Smoke-race seeds: a run is a smoke run iff its seed lies here.</summary>
    public const int SmokeSeedMin = 500;
    public const int SmokeSeedMax = 599;

    public static bool IsSmokeSeed(int seed) => seed is >= SmokeSeedMin and <= SmokeSeedMax;

    /// <summary>Checks names, ordering, smoke tagging and capacity rules for the batch, in batch order.</summary>
    public static IReadOnlyList<DeployViolation> Validate(IReadOnlyList<DeployCandidate> batch)
    {
        var violations = new List<DeployViolation>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int? lastId = null;
        var experimentOf = new Dictionary<int, string>();
        for (var i = 0; i < batch.Count; i++)
        {
            var run = batch[i];
            if (!seen.TryAdd(run.Name, i))
                violations.Add(new(i, run.Name, DeployRule.DuplicateName, $"same name as run #{seen[run.Name]}"));
            if (run.Hidden <= 0)
                violations.Add(new(i, run.Name, DeployRule.NonPositiveHidden, $"hidden width {run.Hidden} must be positive"));
            if (!CanonName.TryParse(run.Name, out var name, out var error))
            {
                violations.Add(new(i, run.Name, DeployRule.MalformedName, error!.Reason));
                continue;
            }
            CheckExperimentId(i, run, name!, ref lastId, experimentOf, violations);
            CheckSmoke(i, run, name!, violations);
            if (name!.Format == CanonFormat.Gf16 && run.Hidden < Gf16MinHidden)
                violations.Add(new(i, run.Name, DeployRule.Gf16HiddenTooSmall,
                    $"GF16 needs hidden ≥ {Gf16MinHidden} (INV-3), got {run.Hidden}; widen the model or use another format"));
        }
        return violations;
    }

    // Experiment ids increase from one experiment to the next; the seeds of one experiment (the name but its seed,
    // CanonName.ExperimentKey) share its id, so the gate's claim over 3 seeds is one experiment. An id names one
    // configuration: another configuration with it is refused, and so is going back to an earlier id.
    private static void CheckExperimentId(int i, DeployCandidate run, CanonName name, ref int? lastId,
        Dictionary<int, string> experimentOf, List<DeployViolation> violations)
    {
        if (name.ExperimentId is not { } id) return;
        var experiment = name.ExperimentKey;
        if (ChampionLockedIds.Contains(id))
            violations.Add(new(i, run.Name, DeployRule.ChampionLockedExperimentId,
                $"{CanonName.FormatExperimentId(id)} is champion-locked (ids {string.Join(", ", ChampionLockedIds)}); take the next free id"));
        var owner = experimentOf.GetValueOrDefault(id);
        var anotherSeedOfTheLast = lastId == id && owner == experiment;
        if (owner is not null && owner != experiment)
            violations.Add(new(i, run.Name, DeployRule.ExperimentIdNotIncreasing,
                $"{CanonName.FormatExperimentId(id)} is already the id of {owner}; one experiment id names one configuration (its seeds share it) — take the next free id"));
        else if (lastId is { } previous && id <= previous && !anotherSeedOfTheLast)
            violations.Add(new(i, run.Name, DeployRule.ExperimentIdNotIncreasing,
                $"{CanonName.FormatExperimentId(id)} does not exceed the previous id {CanonName.FormatExperimentId(previous)}"));
        experimentOf.TryAdd(id, experiment);
        lastId = lastId is { } p ? Math.Max(p, id) : id;
    }

    private static void CheckSmoke(int i, DeployCandidate run, CanonName name, List<DeployViolation> violations)
    {
        var smokeSeed = IsSmokeSeed(name.Seed);
        if (name.IsSmokeTagged && !smokeSeed)
            violations.Add(new(i, run.Name, DeployRule.SmokeSeedMismatch,
                $"SMOKE-tagged run must use a seed in {SmokeSeedMin}..{SmokeSeedMax}, got {name.Seed}"));
        else if (!name.IsSmokeTagged && smokeSeed)
            violations.Add(new(i, run.Name, DeployRule.SmokeSeedMismatch,
                $"seed {name.Seed} is reserved for smoke runs ({SmokeSeedMin}..{SmokeSeedMax}); tag the run SMOKE or pick another seed"));
    }
}
