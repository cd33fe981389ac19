using Needle.Search.Asha;
using Needle.Search.Study;

namespace Needle.Cli.Tests.Workers;

/// <summary>What a finished shared study must look like, whatever happened to its workers.</summary>
internal static class SharedStudyAssertions
{
    /// <summary>
    /// Every trial ended Completed or Pruned (none lost, Waiting or Running); its reports are exactly every cadence
    /// step up to its last decided rung (none missing, none beyond); its rung decisions are the ladder's rungs from
    /// its bracket, each exactly once, Promote until the last, whose outcome matches the final state; and every
    /// report any worker announced is stored with the announced value, each announced once.
    /// </summary>
    public static void CompleteAndConsistent(IStudyStorage storage, StudyRecord study, int reportEvery, IEnumerable<(long Trial, long Step, double Bpb)> announced)
    {
        var trials = storage.GetTrials(study.Id);
        trials.Should().NotBeEmpty();
        trials.Should().OnlyContain(t => t.State == TrialState.Completed || t.State == TrialState.Pruned,
            "no trial is lost, left Waiting or left Running");
        var decisions = storage.GetRungDecisions(study.Id).GroupBy(d => d.TrialId).ToDictionary(g => g.Key, g => g.ToList());
        long stored = 0;
        foreach (var t in trials)
        {
            var mine = decisions.GetValueOrDefault(t.Id) ?? [];
            mine.Select(d => d.RungStep).Should().Equal(study.Ladder.Steps.Skip(t.Bracket).Take(mine.Count),
                $"trial {t.Id} is decided once at each rung it reached, in order");
            mine.Should().NotBeEmpty();
            mine.Take(mine.Count - 1).Where(d => d.Outcome != RungOutcome.Promote).Should().BeEmpty("only the last decision stops a trial");
            mine[^1].Outcome.Should().Be(t.State == TrialState.Completed ? RungOutcome.Complete : RungOutcome.Stop);
            var curve = storage.GetCurve(t.Id);
            var lastRung = mine[^1].RungStep;
            curve.Select(p => p.Step).Should().Equal(Enumerable.Range(1, (int)(lastRung / reportEvery)).Select(i => (long)i * reportEvery),
                $"trial {t.Id}: one report per cadence step up to its last rung {lastRung}, none missing");
            stored += curve.Count;
        }
        var byKey = trials.SelectMany(t => storage.GetCurve(t.Id).Select(p => (t.Id, p.Step, p.Bpb))).ToDictionary(x => (x.Id, x.Step), x => x.Bpb);
        var said = announced.ToList();
        said.GroupBy(a => (a.Trial, a.Step)).Should().OnlyContain(g => g.Count() == 1, "a report is stored (and announced) once");
        foreach (var a in said)
        {
            byKey.Should().ContainKey((a.Trial, a.Step));
            byKey[(a.Trial, a.Step)].Should().Be(a.Bpb);
        }
        storage.CountReports(study.Id).Should().Be(stored);
    }
}
