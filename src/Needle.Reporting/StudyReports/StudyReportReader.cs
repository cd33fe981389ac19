using Needle.Search.Curves;
using Needle.Search.Hunt;
using Needle.Search.Study;

namespace Needle.Reporting.StudyReports;

/// <summary>Reads a <see cref="StudyReport"/> from a stored study: curves and their fits, rung decisions, the hunt's state at every rung, the leaderboard and the vectors.</summary>
public static class StudyReportReader
{
    /// <summary>Rows shown under "best so far" when no trial has reached the leaderboard's minimum step.</summary>
    public const int BestBelowMinimumRows = 10;

    public static StudyReport Read(IStudyStorage storage, StudyRecord study, string storageLocation, GateSection gate,
        long leaderboardMinimumStep = Leaderboard.GateMinimumStep)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(gate);
        var trials = storage.GetTrials(study.Id)
            .OrderBy(t => t.Number)
            .Select(t =>
            {
                var curve = storage.GetCurve(t.Id);
                return new TrialSummary(t.Id, t.Number, t.Spec.CanonName, t.Spec.Seed, t.State.ToString(), t.Bracket, t.Error, curve, PowerLawCurveFit.Fit(curve));
            })
            .ToList();
        var byId = trials.ToDictionary(t => t.Id);

        var rungs = storage.GetRungDecisions(study.Id)
            .GroupBy(d => d.RungStep)
            .OrderBy(g => g.Key)
            .Select(g => new RungSummary(g.Key, g.Select(d => new RungDecisionRow(
                byId[d.TrialId].Number, byId[d.TrialId].Label, d.Value, d.Outcome, d.Rank, d.Competitors, d.KeepCount)).ToList()))
            .ToList();

        // The hunt's classification is a function of the stored curves at each rung: recomputed here, not stored.
        var hunt = new SeedHunt(storage, study, TimeProvider.System);
        var snapshots = study.Ladder.Steps
            .Select(step => new HuntSnapshot(step, hunt.Status(step)))
            .Where(s => s.Rows.Count > 0)
            .ToList();

        var board = Leaderboard.For(storage, study.Id, leaderboardMinimumStep);
        var below = board.Count > 0 ? [] : Leaderboard.For(storage, study.Id, 0).Take(BestBelowMinimumRows).ToList();

        var overview = new StudyOverview(study.Name, study.Ladder, study.MasterSeed, study.CreatedAt, storageLocation,
            trials.GroupBy(t => t.State).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            storage.CountReports(study.Id));
        return new StudyReport(overview, trials, rungs, snapshots, new LeaderboardSection(leaderboardMinimumStep, board, below),
            AcceleratorVectors.Read(storage, study.Id), gate) { MupTransfer = MupTransferSection.Read(storage, study.Id) };
    }
}
