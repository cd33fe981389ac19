using Needle.Search.Study;

namespace Needle.Cli.Race;

/// <summary>One row of the race's leaderboard: a trial at the highest rung it was judged at.</summary>
public sealed record RaceStanding(int Rank, string Canon, uint Seed, long Step, double Bpb, bool WholeSplit, TrialState State, string Config);

/// <summary>
/// The race's leaderboard: every trial judged at a rung, ranked first by how far ASHA let it go (the highest rung),
/// then by its BPB there — so a trial is only ever compared with those judged at the same rung. A trial's report at
/// the ladder's last rung (its schedule's end) is on the whole validation split; earlier rungs are on the study's
/// common sample of it.
/// </summary>
public static class RaceStandings
{
    public static IReadOnlyList<RaceStanding> For(IStudyStorage storage, StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(study);
        var trials = storage.GetTrials(study.Id).ToDictionary(t => t.Id);
        var last = study.Ladder.Steps[^1];
        return storage.GetRungDecisions(study.Id)
            .Where(d => trials.ContainsKey(d.TrialId))
            .GroupBy(d => d.TrialId)
            .Select(g => g.MaxBy(d => d.RungStep)!)
            .OrderByDescending(d => d.RungStep).ThenBy(d => d.Value).ThenBy(d => trials[d.TrialId].Number)
            .Select((d, i) =>
            {
                var t = trials[d.TrialId];
                var config = string.Join(" ", t.Spec.Config.Where(kv => kv.Key is "lr" or "d_model" or "layers").Select(kv => $"{kv.Key}={kv.Value}"));
                var whole = d.RungStep == last && !t.Spec.Config.ContainsKey("steps");
                return new RaceStanding(i + 1, t.Spec.CanonName, t.Spec.Seed, d.RungStep, d.Value, whole, t.State, config);
            })
            .ToList();
    }
}
