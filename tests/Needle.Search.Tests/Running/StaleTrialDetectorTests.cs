using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Tests.Running;

/// <summary>Stale trials on a simulated clock: crash on this host, silence on another, and a live peer.</summary>
public sealed class StaleTrialDetectorTests
{
    [Fact]
    public void A_dead_process_on_this_host_leaves_stale_trials_at_once()
    {
        using var f = new RaceFixture();
        var crashed = f.Storage.OpenSession(f.Study.Id, "me", 777, f.Time.GetUtcNow(), f.Time.GetUtcNow());
        var trial = f.Storage.GetTrials(f.Study.Id)[0];
        f.Storage.TryClaimTrial(trial.Id, crashed.Id, f.Time.GetUtcNow());
        var detector = new StaleTrialDetector(f.Storage, f.Probe, f.Time, TimeSpan.FromMinutes(2));
        detector.FindStale(f.Study.Id).Should().BeEmpty("process 777 is alive");
        f.Probe.Dead.Add(777);
        detector.FindStale(f.Study.Id).Select(t => t.Id).Should().Equal(trial.Id);
    }

    [Fact]
    public void Another_hosts_trial_is_stale_only_after_its_heartbeat_is_older_than_the_grace()
    {
        using var f = new RaceFixture();
        var remote = f.Storage.OpenSession(f.Study.Id, "other-host", 5, f.Time.GetUtcNow(), f.Time.GetUtcNow());
        var trial = f.Storage.GetTrials(f.Study.Id)[0];
        f.Storage.TryClaimTrial(trial.Id, remote.Id, f.Time.GetUtcNow());
        var detector = new StaleTrialDetector(f.Storage, f.Probe, f.Time, TimeSpan.FromMinutes(2));
        f.Time.Advance(TimeSpan.FromMinutes(1));
        f.Storage.Heartbeat(remote.Id, f.Time.GetUtcNow());
        f.Time.Advance(TimeSpan.FromMinutes(2));
        detector.FindStale(f.Study.Id).Should().BeEmpty("exactly at the grace it is not yet stale");
        f.Time.Advance(TimeSpan.FromSeconds(1));
        detector.Recover(f.Study.Id).Select(t => t.Id).Should().Equal(trial.Id);
        f.Storage.GetTrial(trial.Id).State.Should().Be(TrialState.Waiting);
    }

    [Fact]
    public async Task A_resumed_race_requeues_the_crashed_sessions_trial_and_finishes_it()
    {
        using var f = new RaceFixture();
        var crashed = f.Storage.OpenSession(f.Study.Id, "me", 778, f.Time.GetUtcNow(), f.Time.GetUtcNow());
        var trial = f.Storage.GetTrials(f.Study.Id)[0];
        f.Storage.TryClaimTrial(trial.Id, crashed.Id, f.Time.GetUtcNow());
        f.Storage.AddReport(trial.Id, 10, 5.0, f.Time.GetUtcNow());
        f.Probe.Dead.Add(778);
        var summary = await f.Race().RunAsync(TestContext.Current.CancellationToken);
        summary.RecoveredStaleTrials.Should().Be(1);
        f.Storage.GetTrials(f.Study.Id).Should().NotContain(t => t.State == TrialState.Running || t.State == TrialState.Waiting);
        f.Storage.GetCurve(trial.Id)[0].Bpb.Should().Be(5.0, "a stored report is never overwritten by a replay");
    }
}
