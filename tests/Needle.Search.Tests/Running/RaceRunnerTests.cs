using Needle.Core.Rungs;
using Needle.Search.Asha;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Tests.Running;

/// <summary>The race loop on a simulated clock with synthetic curves: deterministic, so outcomes are asserted exactly.</summary>
public sealed class RaceRunnerTests
{
    [Fact]
    public async Task The_same_study_races_the_same_way_every_time()
    {
        using var a = new RaceFixture();
        using var b = new RaceFixture();
        var sa = await a.Race(a.Options(parallel: 3)).RunAsync(TestContext.Current.CancellationToken);
        var sb = await b.Race(b.Options(parallel: 3)).RunAsync(TestContext.Current.CancellationToken);
        a.Decisions().Should().Equal(b.Decisions());
        sa.StepsSpent.Should().Be(sb.StepsSpent);
        a.Decisions().Should().NotBeEmpty();
    }

    [Fact]
    public async Task ASHA_sends_the_best_asymptote_to_the_last_rung_and_stops_the_worst_early()
    {
        using var f = new RaceFixture();
        var summary = await f.Race().RunAsync(TestContext.Current.CancellationToken);
        summary.TrialsByState.Should().NotContainKey(nameof(TrialState.Running));
        var trials = f.Storage.GetTrials(f.Study.Id);
        var completed = trials.Where(t => t.State == TrialState.Completed).Select(t => t.Spec.CanonName).ToList();
        completed.Should().NotBeEmpty().And.OnlyContain(c => c.Contains("E0101") || c.Contains("E0102"),
            "only the configs with the lowest b∞ should survive to the top rung");
        // The worst config never passes rung 300 except as an early champion (the first arrival is always kept).
        f.Decisions().Where(d => d.Canon.Contains("E0104") && d.Rung >= 900).Should().BeEmpty();
        // Every decision is on the ladder and each (trial, rung) once.
        f.Decisions().Select(d => (d.Canon, d.Rung)).Should().OnlyHaveUniqueItems();
        f.Decisions().Should().OnlyContain(d => f.Study.Ladder.Contains(d.Rung));
    }

    [Fact]
    public async Task A_promoted_trial_continues_from_its_rung_checkpoint_instead_of_restarting()
    {
        using var f = new RaceFixture();
        var recorder = new RaceFixture.Recorder();
        await f.Race(observer: recorder).RunAsync(TestContext.Current.CancellationToken);
        var best = f.Storage.GetTrials(f.Study.Id).First(t => t.State == TrialState.Completed);
        recorder.Events.Where(e => e.StartsWith($"start {best.Spec.CanonName} ", StringComparison.Ordinal))
            .Should().Equal($"start {best.Spec.CanonName} 0->100", $"start {best.Spec.CanonName} 100->300",
                $"start {best.Spec.CanonName} 300->900", $"start {best.Spec.CanonName} 900->2700");
        var curve = f.Storage.GetCurve(best.Id);
        curve.Select(p => p.Step).Should().Equal(Enumerable.Range(1, 270).Select(i => (long)i * 10), "one report per cadence step, none repeated");
        best.Checkpoint!.Step.Should().Be(2700);
        File.Exists(best.Checkpoint.Location).Should().BeTrue("the checkpoint is a real file");
    }

    [Fact]
    public async Task The_step_budget_is_respected_across_resumes()
    {
        using var f = new RaceFixture();
        var first = await f.Race(f.Options(budget: 2000)).RunAsync(TestContext.Current.CancellationToken);
        first.BudgetExhausted.Should().BeTrue();
        f.Storage.GetTrials(f.Study.Id).Sum(t => t.LastStep).Should().BeLessThanOrEqualTo(2000);
        var second = await f.Race(f.Options(budget: 2000)).RunAsync(TestContext.Current.CancellationToken);
        second.SegmentsRun.Should().Be(0, "the budget was already spent by the first session");
    }

    [Fact]
    public async Task A_family_that_starts_later_is_first_judged_at_its_entry_rung()
    {
        const string space = """
            { "name": "jepa", "model": "JEPA-T", "format": "FP32", "experimentIdStart": 5, "seeds": [1, 2], "minimumStep": 3000,
              "configs": [ { "synthetic.binf": 2.5 } ] }
            """;
        using var f = new RaceFixture(space, RungLadder.ThreeFoldPlan);
        var recorder = new RaceFixture.Recorder();
        await f.Race(f.Options(reportEvery: 100), recorder).RunAsync(TestContext.Current.CancellationToken);
        f.Decisions().Select(d => d.Rung).Should().NotContain(1000).And.Contain(3000);
        recorder.Events.Where(e => e.StartsWith("start", StringComparison.Ordinal)).Should().Contain(e => e.EndsWith(" 0->3000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_the_race_leaves_a_consistent_study_that_resumes_to_the_same_result()
    {
        using var reference = new RaceFixture();
        await reference.Race(reference.Options(parallel: 1)).RunAsync(TestContext.Current.CancellationToken);

        using var f = new RaceFixture();
        using var cts = new CancellationTokenSource();
        var recorder = new RaceFixture.Recorder(r => { if (r.Reports == 137) cts.Cancel(); });
        var first = await f.Race(f.Options(parallel: 1), recorder).RunAsync(cts.Token);
        first.Cancelled.Should().BeTrue();
        var trials = f.Storage.GetTrials(f.Study.Id);
        trials.Should().NotContain(t => t.State == TrialState.Running);
        var interrupted = trials.Single(t => t.Checkpoint is { } c && !f.Study.Ladder.Contains(c.Step));
        interrupted.State.Should().Be(TrialState.Waiting, "a cooperatively killed trial keeps its checkpoint and is requeued");
        interrupted.Checkpoint!.Step.Should().Be(interrupted.LastStep);

        var second = await f.Race(f.Options(parallel: 1)).RunAsync(TestContext.Current.CancellationToken);
        second.Cancelled.Should().BeFalse();
        f.Decisions().Should().Equal(reference.Decisions(), "resuming continues the same study exactly where it stopped");
        f.Storage.CountReports(f.Study.Id).Should().Be(reference.Storage.CountReports(reference.Study.Id));
    }

    [Fact]
    public async Task Killing_one_trial_is_cooperative_keeps_its_checkpoint_and_frees_its_slot_before_the_next_starts()
    {
        const string space = """
            { "name": "kill", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 1, "seeds": [1, 2],
              "configs": [ { "synthetic.binf": 2.0 } ] }
            """;
        using var f = new RaceFixture(space);
        var started = new TaskCompletionSource();
        var recorder = new RaceFixture.Recorder(r => { if (r.Reports == 3) started.TrySetResult(); });
        var race = f.Race(f.Options(parallel: 1), recorder, new SyntheticCurveTrialRunner(f.Time, TimeSpan.FromSeconds(1)));
        var run = Task.Run(() => race.RunAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        while (!started.Task.IsCompleted)
        {
            if (f.Time.PendingTimers > 0) f.Time.Advance(TimeSpan.FromSeconds(1));
            else await Task.Yield();
        }
        var first = f.Storage.GetTrials(f.Study.Id)[0];
        race.Kill(first.Id, "DIVERGING in a test").Should().BeTrue();
        while (!run.IsCompleted)
        {
            if (f.Time.PendingTimers > 0) f.Time.Advance(TimeSpan.FromSeconds(1));
            else await Task.Yield();
        }
        await run;
        var killed = f.Storage.GetTrial(first.Id);
        killed.State.Should().Be(TrialState.Killed);
        killed.Error.Should().Be("DIVERGING in a test");
        killed.Checkpoint!.Step.Should().Be(30, "it stops at the next step after its third report, checkpointing there");
        f.Storage.GetCurve(first.Id).Should().HaveCount(3);
        var endOfFirst = recorder.Events.IndexOf($"end {first.Spec.CanonName} 30 Killed");
        var startOfSecond = recorder.Events.FindIndex(e => e.StartsWith("start IGLA-TRAIN_V2-FP32-E0001-seed2", StringComparison.Ordinal));
        endOfFirst.Should().BeGreaterThanOrEqualTo(0);
        startOfSecond.Should().BeGreaterThan(endOfFirst, "kill before spin: the slot is freed before the next trial starts");
    }

    [Fact]
    public async Task Heartbeats_follow_the_injected_clock()
    {
        const string space = """
            { "name": "beat", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 1, "seeds": [1], "configs": [ { } ] }
            """;
        using var f = new RaceFixture(space);
        var race = f.Race(f.Options(parallel: 1), runner: new SyntheticCurveTrialRunner(f.Time, TimeSpan.FromSeconds(5)));
        var run = Task.Run(() => race.RunAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        while (!run.IsCompleted)
        {
            if (f.Time.PendingTimers > 0) f.Time.Advance(TimeSpan.FromSeconds(5));
            else await Task.Yield();
        }
        var summary = await run;
        var session = f.Storage.GetSession(summary.SessionId)!;
        session.EndedAt.Should().Be(f.Time.GetUtcNow());
        // 270 reports × 5 simulated seconds each.
        (session.EndedAt!.Value - session.StartedAt).Should().Be(TimeSpan.FromSeconds(5 * 270));
    }

    [Fact]
    public void A_cadence_that_misses_a_rung_is_refused_naming_the_rungs()
    {
        using var f = new RaceFixture(ladder: RungLadder.SixRungPlan);
        ((Action)(() => f.Race(f.Options(reportEvery: 40)))).Should().Throw<ArgumentException>()
            .WithMessage("*ReportEvery 40 does not divide rung(s) 100, 500 of ladder*");
    }

    [Fact]
    public async Task A_missing_checkpoint_fails_the_trial_loudly_instead_of_restarting_it()
    {
        using var f = new RaceFixture();
        using var cts = new CancellationTokenSource();
        await f.Race(f.Options(parallel: 1), new RaceFixture.Recorder(r => { if (r.Reports == 15) cts.Cancel(); })).RunAsync(cts.Token);
        var waiting = f.Storage.GetTrials(f.Study.Id).Single(t => t.Checkpoint is not null && t.State == TrialState.Waiting && t.LastStep == 150);
        File.Delete(waiting.Checkpoint!.Location);
        await f.Race(f.Options(parallel: 1)).RunAsync(TestContext.Current.CancellationToken);
        var failed = f.Storage.GetTrial(waiting.Id);
        failed.State.Should().Be(TrialState.Failed);
        failed.Error.Should().Contain("missing").And.Contain(waiting.Spec.CanonName);
    }
}

/// <summary>The live seed hunt: a diverging seed is killed between rungs and replaced once.</summary>
public sealed class LiveSeedHuntTests
{
    private const string Space = """
        { "name": "live", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 101, "seeds": [42],
          "configs": [ { "synthetic.binf": 1.70, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "synthetic.binf": 1.90, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "synthetic.binf": 1.50, "synthetic.a": 4, "synthetic.p": 0.5,
                         "synthetic.diverge_after": 150, "synthetic.diverge_slope": 0.003 } ] }
        """;

    [Fact]
    public async Task A_diverging_seed_is_killed_between_rungs_and_replaced_once_after_its_slot_is_free()
    {
        using var f = new RaceFixture(Space);
        var recorder = new RaceFixture.Recorder();
        await f.Race(f.Options(parallel: 1) with { HuntEveryReports = 5 }, recorder).RunAsync(TestContext.Current.CancellationToken);
        var trials = f.Storage.GetTrials(f.Study.Id);
        var diverger = trials.Single(t => t.Spec.CanonName == "IGLA-TRAIN_V2-FP32-E0103-seed42");
        diverger.State.Should().Be(TrialState.Killed);
        diverger.Error.Should().StartWith("DIVERGING");
        diverger.LastStep.Should().BeInRange(160, 299, "killed after it turned at 150 and before its next rung at 300");
        diverger.Checkpoint!.Step.Should().Be(diverger.LastStep, "a cooperative kill checkpoints where it stopped");

        var replacement = trials.Single(t => t.Spec.CanonName == $"IGLA-TRAIN_V2-FP32-E0103-seed{Needle.Core.Seeds.PhiAnchoredSeeds.Seed(1)}");
        // Same broken config: ASHA stops it at rung 100 or the hunt kills it; either way it is not replaced again.
        replacement.State.Should().BeOneOf(TrialState.Pruned, TrialState.Killed);
        trials.Should().HaveCount(4);
        trials.Where(t => t.Spec.CanonName.Contains("E0101")).Should().OnlyContain(t => t.State == TrialState.Completed);

        var killedAt = recorder.Events.FindIndex(e => e.StartsWith("end IGLA-TRAIN_V2-FP32-E0103-seed42 ", StringComparison.Ordinal) && e.EndsWith("Killed", StringComparison.Ordinal));
        var replacementStart = recorder.Events.FindIndex(e => e.StartsWith($"start {replacement.Spec.CanonName} ", StringComparison.Ordinal));
        replacementStart.Should().BeGreaterThan(killedAt).And.BeGreaterThan(-1);
    }

    [Fact]
    public void A_killed_seed_is_replaced_once_and_a_replacement_is_never_replaced()
    {
        using var f = new RaceFixture(Space);
        var watch = new DivergenceWatch(f.Storage, f.Study, f.Time, 5, Needle.Search.Seeds.SeedStateRules.Plan);
        var killed = f.Storage.GetTrials(f.Study.Id)[2];
        var replacement = watch.Replace(killed);
        replacement.Should().NotBeNull();
        replacement!.Spec.ConfigKey.Should().Be(killed.Spec.ConfigKey);
        watch.Replace(killed).Should().BeNull();
        watch.Replace(replacement).Should().BeNull();
        f.Storage.GetSeedHuntState(f.Study.Id, "replacements").Should().Contain(replacement.Spec.CanonName);
    }

    private const string BlowUpSpace = """
        { "name": "blowup", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 101, "seeds": [42],
          "configs": [ { "synthetic.binf": 1.70, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "synthetic.binf": 1.90, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "synthetic.binf": 2.00, "synthetic.a": 4, "synthetic.p": 0.5, "synthetic.diverge_after": 10, "synthetic.diverge_slope": 5 } ] }
        """;

    [Fact]
    public async Task A_trial_above_8_bits_at_a_rung_is_Diverged_with_the_reason_never_ranked_and_the_live_hunt_replaces_it()
    {
        using var f = new RaceFixture(BlowUpSpace);
        await f.Race(f.Options(parallel: 1) with { HuntEveryReports = 1000 }).RunAsync(TestContext.Current.CancellationToken);
        var trials = f.Storage.GetTrials(f.Study.Id);
        var blown = trials.Single(t => t.Spec.CanonName == "IGLA-TRAIN_V2-FP32-E0103-seed42");
        blown.State.Should().Be(TrialState.Diverged);
        blown.Error.Should().Contain("DIVERGED").And.Contain("above 8");
        f.Decisions().Should().NotContain(d => d.Canon == blown.Spec.CanonName, "a diverged value never enters ASHA's ranking");
        trials.Should().Contain(t => t.Spec.CanonName != blown.Spec.CanonName && t.Spec.ConfigKey == blown.Spec.ConfigKey,
            "the live hunt queues a replacement seed");
        trials.Where(t => t.Spec.ConfigKey == blown.Spec.ConfigKey).Should().OnlyContain(t => t.State == TrialState.Diverged);
    }

    [Fact]
    public async Task Without_the_live_hunt_a_diverged_trial_is_not_replaced()
    {
        using var f = new RaceFixture(BlowUpSpace);
        await f.Race(f.Options(parallel: 1)).RunAsync(TestContext.Current.CancellationToken);
        f.Storage.GetTrials(f.Study.Id).Should().HaveCount(3).And.ContainSingle(t => t.State == TrialState.Diverged);
    }
}

/// <summary>Hyperband on top of ASHA: trials enter at their bracket's rung and are compared within it.</summary>
public sealed class HyperbandRaceTests
{
    [Fact]
    public async Task Trials_are_first_judged_at_their_brackets_entry_rung_and_only_against_their_bracket()
    {
        var space = RaceFixture.DefaultSpace.Replace("\"format\": \"FP32\",", "\"format\": \"FP32\", \"hyperband\": true,", StringComparison.Ordinal);
        using var f = new RaceFixture(space);
        await f.Race().RunAsync(TestContext.Current.CancellationToken);
        var trials = f.Storage.GetTrials(f.Study.Id).ToDictionary(t => t.Id);
        trials.Values.Select(t => t.Bracket).Distinct().Count().Should().BeGreaterThan(1, "the master seed spreads 12 trials over several brackets");
        var decisions = f.Storage.GetRungDecisions(f.Study.Id);
        foreach (var group in decisions.GroupBy(d => d.TrialId))
        {
            var bracket = trials[group.Key].Bracket;
            group.First().RungStep.Should().Be(f.Study.Ladder.Steps[bracket], "a trial's first judgement is at its bracket's entry rung");
            group.Should().OnlyContain(d => d.Bracket == bracket);
        }
        // Competitors are counted within the bracket: never more than the bracket's trials.
        foreach (var d in decisions)
            d.Competitors.Should().BeLessThanOrEqualTo(trials.Values.Count(t => t.Bracket == d.Bracket));
    }
}
