using System.Text.Json;
using Needle.Core.Seeds;
using Needle.Search.Asha;
using Needle.Search.Curves;
using Needle.Search.Seeds;
using Needle.Search.Study;

namespace Needle.Search.Hunt;

/// <summary>
/// The seed hunt over a stored study: status at a rung (fit every curve up to the rung, compare with the leader,
/// classify), prune (stop what ASHA's top-1/η rule or the DIVERGING state rejects, replacing diverging seeds), and
/// mirror (new seeds for a leader). Every change goes to the study; the mirror log and the number of mirror calls (which numbers the random stream)
/// are kept in the seed-hunt state, so a later hunt continues where this one stopped.
/// </summary>
/// With a <see cref="HistoryFinalPredictor"/>, each seed's state compares predicted BPBs at the study's horizon from the
/// history-calibrated predictor (insufficient evidence where the history does not calibrate that rung or family);
/// without one, the power-law b∞ (which the history showed to be badly calibrated on real curves).
public sealed class SeedHunt(IStudyStorage storage, StudyRecord study, TimeProvider time, SeedStateRules? rules = null,
    HistoryFinalPredictor? predictor = null)
{
    private readonly SeedStateRules _rules = rules ?? SeedStateRules.Plan;

    /// <summary>Every trial with a report at <paramref name="rungStep"/>, best BPB first.</summary>
    public IReadOnlyList<HuntRow> Status(long rungStep)
    {
        if (!study.Ladder.Contains(rungStep))
            throw new ArgumentException($"rung step {rungStep} is not a rung of the study's ladder {study.Ladder} (rungs: {string.Join(", ", study.Ladder.Steps)})");
        var entries = new List<(TrialRecord Trial, double Bpb, CurveForecast Forecast, double? Slope)>();
        var asha = new AshaScheduler(study.Ladder);
        foreach (var trial in storage.GetTrials(study.Id))
        {
            var curve = storage.GetCurve(trial.Id).Where(p => p.Step <= rungStep).ToList();
            if (curve.Count == 0 || curve[^1].Step != rungStep) continue;
            entries.Add((trial, curve[^1].Bpb, PowerLawCurveFit.Fit(curve), WindowSlope.Of(curve)));
            asha.Restore(new RungResult(trial.Id, trial.Bracket, rungStep, curve[^1].Bpb));
        }
        var horizon = study.Ladder.Steps[^1];
        var finals = entries.ToDictionary(e => e.Trial.Id,
            e => predictor?.Predict(HistoryFinalPredictor.FamilyOf(e.Trial.Spec.Config), rungStep, horizon, e.Bpb));
        double? Predicted((TrialRecord Trial, double Bpb, CurveForecast Forecast, double? Slope) e) => predictor is null
            ? (e.Forecast as CurveForecast.Fitted)?.Asymptote
            : (finals[e.Trial.Id] as FinalForecast.Predicted)?.Value;
        var leader = entries.Select(Predicted).Min();
        return entries
            .Select(e => new HuntRow(e.Trial.Id, e.Trial.Spec.CanonName, e.Trial.Spec.Seed, e.Trial.State, e.Bpb, e.Forecast,
                SeedStateClassifier.Classify(Predicted(e), leader, e.Slope, _rules),
                asha.IsInTopNow(e.Trial.Id, e.Trial.Bracket, rungStep)) { Final = finals[e.Trial.Id] })
            .OrderBy(r => r.BpbAtRung).ThenBy(r => r.TrialId)
            .ToList();
    }

    /// <summary>
    /// The trials at <paramref name="rungStep"/> to stop: not in the top 1/η of their bracket now, or DIVERGING —
    /// among those still alive (Waiting or Running). With <paramref name="apply"/>, marks them Pruned (Killed for
    /// diverging ones, each replaced by a φ-anchored seed of the same config) and returns the replacements too.
    /// </summary>
    public (IReadOnlyList<HuntRow> Pruned, IReadOnlyList<TrialRecord> Replacements) Prune(long rungStep, bool apply)
    {
        var rows = Status(rungStep)
            .Where(r => r.TrialState is TrialState.Waiting or TrialState.Running)
            .Where(r => !r.InTopAtRung || r.Assessment.State == SeedState.Diverging)
            .ToList();
        var replacements = new List<TrialRecord>();
        if (!apply) return (rows, replacements);
        foreach (var row in rows)
        {
            var diverging = row.Assessment.State == SeedState.Diverging;
            storage.SetTrialState(row.TrialId, diverging ? TrialState.Killed : TrialState.Pruned, time.GetUtcNow(),
                $"hunt prune at rung {rungStep}: {(diverging ? "DIVERGING, " + row.Assessment.Why : "outside the top 1/" + study.Ladder.Eta)}");
            if (diverging) replacements.AddRange(Mirror(row.Canon, 1, MirrorStrategy.PhiAnchored));
        }
        return (rows, replacements);
    }

    /// <summary>Adds <paramref name="count"/> trials with the leader's config and fresh seeds (never a seed already in the study).</summary>
    public IReadOnlyList<TrialRecord> Mirror(string leaderCanon, int count, MirrorStrategy strategy)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1");
        var trials = storage.GetTrials(study.Id);
        var leader = trials.FirstOrDefault(t => t.Spec.CanonName == leaderCanon)
                     ?? throw new ArgumentException($"leader '{leaderCanon}' is not a trial of study '{study.Name}'; `needle hunt status` lists them");
        var smoke = Needle.Core.Canon.CanonName.TryParse(leaderCanon, out var canon, out _) && canon!.IsSmokeTagged;
        // A smoke run's seed must stay in the smoke range and never repeat any smoke seed of the study.
        var taken = trials.Where(t => smoke || t.Spec.ConfigKey == leader.Spec.ConfigKey).Select(t => t.Spec.Seed).ToHashSet();
        // Each mirror call draws from its own stream, numbered by the persisted call count: reproducible, never repeating.
        var calls = ReadState<long>("mirror_calls");
        var counting = new SeededRandomSource(study.MasterSeed).Fork("hunt-mirror/" + calls);
        var seeds = (strategy switch
        {
            MirrorStrategy.PhiAnchored when smoke => SmokePhiAnchoredSeeds.Fresh(taken),
            MirrorStrategy.PhiAnchored => ReplacementSeeds.PhiAnchored(taken).Concat(ReplacementSeeds.Siblings(leader.Spec.Seed, taken))
                .Concat(ReplacementSeeds.Random(counting, taken)),
            MirrorStrategy.Sibling => ReplacementSeeds.Siblings(leader.Spec.Seed, taken).Concat(ReplacementSeeds.Random(counting, taken)),
            _ => ReplacementSeeds.Random(counting, taken),
        }).Take(count).ToList();

        var added = new List<TrialRecord>();
        foreach (var seed in seeds)
        {
            var spec = leader.Spec with { CanonName = CanonSeed.WithSeed(leader.Spec.CanonName, seed), Seed = seed };
            added.Add(storage.AddTrial(study.Id, spec, leader.Bracket, time.GetUtcNow()));
        }
        storage.SetSeedHuntState(study.Id, "mirror_calls", JsonSerializer.Serialize(calls + 1), time.GetUtcNow());
        var log = ReadState<List<MirrorLogEntry>>("mirror_log") ?? [];
        log.AddRange(added.Select(a => new MirrorLogEntry(leaderCanon, a.Spec.CanonName, a.Spec.Seed, strategy.ToString())));
        storage.SetSeedHuntState(study.Id, "mirror_log", JsonSerializer.Serialize(log), time.GetUtcNow());
        return added;
    }

    private T? ReadState<T>(string key) =>
        storage.GetSeedHuntState(study.Id, key) is { } json ? JsonSerializer.Deserialize<T>(json) : default;

    /// <summary>One mirror made by the hunt (persisted in the seed-hunt state).</summary>
    public sealed record MirrorLogEntry(string Leader, string Canon, uint Seed, string Strategy);
}
