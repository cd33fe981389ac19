using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Tests.Running;

/// <summary><c>--budget-steps</c> is the study's, not each worker's: segments other workers are running count.</summary>
public sealed class StudyWideBudgetTests
{
    [Fact]
    public async Task A_segment_another_worker_is_running_counts_against_the_budget()
    {
        using var f = new RaceFixture(); // ladder 100x3^4: every trial's first segment is 0 -> 100
        var now = f.Time.GetUtcNow();
        var peer = f.Storage.OpenSession(f.Study.Id, "peer-host", 4242, now, now);
        var peersTrial = f.Storage.ClaimNextTrial(f.Study.Id, peer.Id, now)!;
        peersTrial.State.Should().Be(TrialState.Running);

        var summary = await f.Race(f.Options(parallel: 1, budget: 300)).RunAsync(TestContext.Current.CancellationToken);

        summary.BudgetExhausted.Should().BeTrue();
        var mine = f.Storage.GetTrials(f.Study.Id).Where(t => t.Id != peersTrial.Id).Sum(t => t.LastStep);
        mine.Should().BePositive().And.BeLessThanOrEqualTo(200,
            "the peer's running segment (0 -> 100) is committed, so this worker has 300 - 100 steps (counted per worker, it spent 300)");
    }

    [Fact]
    public async Task Two_workers_together_stay_within_one_budget()
    {
        using var f = new RaceFixture();
        var first = f.Race(f.Options(parallel: 1, budget: 1000));
        await first.RunAsync(TestContext.Current.CancellationToken);
        var afterFirst = f.Storage.GetTrials(f.Study.Id).Sum(t => t.LastStep);
        var second = await f.Race(f.Options(parallel: 1, budget: 1000)).RunAsync(TestContext.Current.CancellationToken);
        second.SegmentsRun.Should().Be(0, $"the first worker spent {afterFirst} of the study's 1000 steps; nothing fits");
        f.Storage.GetTrials(f.Study.Id).Sum(t => t.LastStep).Should().BeLessThanOrEqualTo(1000);
    }
}
