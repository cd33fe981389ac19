using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Tests.Running;

/// <summary>
/// A kill that lands on a segment's last report (the rung step) arrives after the runner's last cancellation check:
/// the segment still ends ReachedTarget. The request must not outlive that segment, or a later, ordinary cancellation
/// of the same trial (the race being stopped) would be recorded as that old kill.
/// </summary>
public sealed class KillAtRungTests
{
    [Fact]
    public async Task A_kill_that_arrives_as_the_segment_ends_does_not_mark_a_later_stop_as_killed()
    {
        const string space = """
            { "name": "late-kill", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 1, "seeds": [1],
              "configs": [ { "synthetic.binf": 2.0 } ] }
            """;
        using var f = new RaceFixture(space);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        RaceRunner? race = null;
        long trialId = f.Storage.GetTrials(f.Study.Id)[0].Id;
        var firstRung = f.Study.Ladder.Steps[0];
        var recorder = new RaceFixture.Recorder(r =>
        {
            var reports = r.Reports;
            if (reports == firstRung / 10) race!.Kill(trialId, "DIVERGING in a test").Should().BeTrue();
            if (reports == firstRung / 10 + 3) stop.Cancel();
        });
        race = f.Race(f.Options(parallel: 1), recorder);
        await race.RunAsync(stop.Token);

        var trial = f.Storage.GetTrial(trialId);
        recorder.Events.Should().Contain(e => e.StartsWith($"start {trial.Spec.CanonName} {firstRung}->", StringComparison.Ordinal),
            "the trial went on past its first rung: the kill arrived too late to stop that segment");
        trial.State.Should().Be(TrialState.Waiting, "stopping the race requeues the trial; the stale kill request must not apply");
        trial.Error.Should().BeNull();
    }
}
