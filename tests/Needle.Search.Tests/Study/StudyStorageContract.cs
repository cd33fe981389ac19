using Needle.Core.Rungs;
using Needle.Core.Vectors;
using Needle.Search.Asha;
using Needle.Search.Curves;
using Needle.Search.Study;

namespace Needle.Search.Tests.Study;

/// <summary>
/// The behaviour every study backend must have (Optuna's storage test pattern): derive a class per backend and
/// implement <see cref="CreateStorage"/> (and <see cref="Reopen"/> for persistence). SQLite runs it today; a
/// PostgreSQL backend must pass the same class.
/// </summary>
public abstract class StudyStorageContract : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, empty storage.</summary>
    protected abstract IStudyStorage CreateStorage();

    /// <summary>The same storage opened again (a new process would see this).</summary>
    protected abstract IStudyStorage Reopen();

    public abstract void Dispose();

    private static StudyDefinition Definition(string name = "s") => new(name, RungLadder.ThreeFoldPlan, 42, """{"name":"s"}""");

    private static TrialSpec Spec(string canon, uint seed = 42, string lr = "0.004") =>
        new(canon, seed, new Dictionary<string, string> { ["lr"] = lr, ["hidden"] = "256" });

    [Fact]
    public void Creates_and_finds_studies_with_their_ladder_and_master_seed()
    {
        using var s = CreateStorage();
        var created = s.CreateStudy(Definition(), T0);
        var found = s.FindStudy("s")!;
        found.Should().BeEquivalentTo(created);
        found.Ladder.Should().Be(RungLadder.ThreeFoldPlan);
        found.MasterSeed.Should().Be(42);
        s.FindStudy("nope").Should().BeNull();
        ((Action)(() => s.CreateStudy(Definition(), T0))).Should().Throw<InvalidOperationException>().WithMessage("*already exists*");
        s.CreateStudy(Definition("t") with { MasterSeed = ulong.MaxValue }, T0);
        s.ListStudies().Select(x => x.Name).Should().Equal("s", "t");
        s.FindStudy("t")!.MasterSeed.Should().Be(ulong.MaxValue);
    }

    [Fact]
    public void Trials_keep_their_spec_and_params_and_adding_the_same_trial_twice_is_idempotent()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var a = s.AddTrial(study.Id, Spec("IGLA-TRAIN_V2-FP32-E0101-seed42"), 1, T0);
        var again = s.AddTrial(study.Id, Spec("IGLA-TRAIN_V2-FP32-E0101-seed42"), 1, T0);
        again.Id.Should().Be(a.Id);
        s.GetTrials(study.Id).Should().HaveCount(1);
        a.State.Should().Be(TrialState.Waiting);
        a.Number.Should().Be(0);
        a.Bracket.Should().Be(1);
        a.Spec.Config.Should().BeEquivalentTo(new Dictionary<string, string> { ["lr"] = "0.004", ["hidden"] = "256" });
        ((Action)(() => s.AddTrial(study.Id, Spec("IGLA-TRAIN_V2-FP32-E0101-seed42", lr: "0.002"), 1, T0)))
            .Should().Throw<InvalidOperationException>().WithMessage("*already exists*own canon name*");
        s.AddTrial(study.Id, Spec("IGLA-TRAIN_V2-FP32-E0101-seed43", 43), 0, T0).Number.Should().Be(1);
    }

    [Fact]
    public void Claiming_is_exclusive_and_states_move_as_told()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var session = s.OpenSession(study.Id, "host", 123, T0, T0);
        var other = s.OpenSession(study.Id, "host", 456, T0, T0);
        var t = s.AddTrial(study.Id, Spec("c"), 0, T0);
        s.TryClaimTrial(t.Id, session.Id, T0).Should().BeTrue();
        s.TryClaimTrial(t.Id, other.Id, T0).Should().BeFalse("a Running trial cannot be claimed twice");
        var running = s.GetTrial(t.Id);
        running.State.Should().Be(TrialState.Running);
        running.OwnerSession.Should().Be(session.Id);
        s.SetTrialState(t.Id, TrialState.Waiting, T0.AddSeconds(1));
        s.GetTrial(t.Id).OwnerSession.Should().BeNull();
        s.TryClaimTrial(t.Id, other.Id, T0).Should().BeTrue();
        s.SetTrialState(t.Id, TrialState.Failed, T0, "boom");
        s.GetTrial(t.Id).Error.Should().Be("boom");
    }

    [Fact]
    public void Every_report_is_kept_once_in_step_order_and_counted()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var t = s.AddTrial(study.Id, Spec("c"), 0, T0);
        s.AddReport(t.Id, 20, 2.5, T0).Should().BeTrue();
        s.AddReport(t.Id, 10, 3.0, T0).Should().BeTrue();
        s.AddReport(t.Id, 10, 9.9, T0).Should().BeFalse("a replayed step keeps the first value");
        s.GetCurve(t.Id).Should().Equal(new CurvePoint(10, 3.0), new CurvePoint(20, 2.5));
        s.GetTrial(t.Id).LastStep.Should().Be(20);
        s.CountReports(study.Id).Should().Be(2);
        ((Action)(() => s.AddReport(t.Id, 30, double.NaN, T0))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*finite*");
    }

    [Fact]
    public void Reports_keep_the_time_they_were_stored_and_a_replay_keeps_the_first()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var t = s.AddTrial(study.Id, Spec("c"), 0, T0);
        var early = T0.AddSeconds(1.5);
        var late = T0.AddHours(3).AddTicks(70); // 7 µs: both backends keep microseconds
        s.AddReport(t.Id, 20, 2.5, late);
        s.AddReport(t.Id, 10, 3.0, early);
        s.AddReport(t.Id, 10, 9.9, late.AddDays(1)).Should().BeFalse();
        s.GetReports(t.Id).Should().Equal(new StoredReport(10, 3.0, early), new StoredReport(20, 2.5, late));
    }

    [Fact]
    public void A_rung_records_decision_checkpoint_and_state_together_once()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var t = s.AddTrial(study.Id, Spec("c"), 0, T0);
        var decision = new RungDecisionRecord(t.Id, 0, 1000, 2.1, RungOutcome.Promote, 0, 1, 1, T0);
        s.RecordRung(decision, new TrialCheckpoint(1000, "/ck/1000"), TrialState.Waiting, T0);
        s.GetRungDecisions(study.Id).Should().Equal(decision);
        var after = s.GetTrial(t.Id);
        after.Checkpoint.Should().Be(new TrialCheckpoint(1000, "/ck/1000"));
        after.State.Should().Be(TrialState.Waiting);
        ((Action)(() => s.RecordRung(decision, new TrialCheckpoint(1000, "/x"), TrialState.Pruned, T0)))
            .Should().Throw<InvalidOperationException>().WithMessage("*already has a decision*");
        s.GetTrial(t.Id).State.Should().Be(TrialState.Waiting, "the failed second decision changed nothing");
        s.GetTrial(t.Id).Checkpoint!.Location.Should().Be("/ck/1000");
    }

    [Fact]
    public void Scheduler_and_seed_hunt_state_are_separate_keyed_and_overwritable()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        s.GetSchedulerState(study.Id, "k").Should().BeNull();
        s.SetSchedulerState(study.Id, "k", "1", T0);
        s.SetSchedulerState(study.Id, "k", "2", T0);
        s.SetSeedHuntState(study.Id, "k", "hunt", T0);
        s.GetSchedulerState(study.Id, "k").Should().Be("2");
        s.GetSeedHuntState(study.Id, "k").Should().Be("hunt");
        s.SetSchedulerState(study.Id, "a", "0", T0);
        s.GetAllSchedulerState(study.Id).Should().Equal(new Dictionary<string, string> { ["a"] = "0", ["k"] = "2" });
        s.GetAllSeedHuntState(study.Id).Should().Equal(new Dictionary<string, string> { ["k"] = "hunt" });
        s.GetAllSchedulerState(s.CreateStudy(Definition("other"), T0).Id).Should().BeEmpty();
    }

    [Fact]
    public void Vector_states_are_stored_per_study_and_replaced_when_set_again()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var other = s.CreateStudy(Definition("other"), T0);
        s.GetVectorStates(study.Id).Should().BeEmpty();
        var sha = new string('e', 64);
        s.SetVectorStates(study.Id,
        [
            new VectorState("V3", VectorSwitch.Enabled, "holds on real data", sha),
            new VectorState("V6", VectorSwitch.Disabled, "refuted: regret above uniform", sha),
            new VectorState("V2", VectorSwitch.NoVerdict, "no verdict yet", null),
        ], T0);
        s.SetVectorStates(study.Id, [new VectorState("V3", VectorSwitch.Disabled, "not requested by --vectors", sha)], T0);

        s.GetVectorStates(study.Id).Should().Equal(
            new VectorState("V2", VectorSwitch.NoVerdict, "no verdict yet", null),
            new VectorState("V3", VectorSwitch.Disabled, "not requested by --vectors", sha),
            new VectorState("V6", VectorSwitch.Disabled, "refuted: regret above uniform", sha));
        s.GetVectorStates(other.Id).Should().BeEmpty();
    }

    [Fact]
    public void Sessions_heartbeat_their_running_trials_and_close()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var session = s.OpenSession(study.Id, "h", 7, T0.AddHours(-1), T0);
        var t = s.AddTrial(study.Id, Spec("c"), 0, T0);
        s.TryClaimTrial(t.Id, session.Id, T0);
        s.Heartbeat(session.Id, T0.AddSeconds(30));
        s.GetSession(session.Id)!.HeartbeatAt.Should().Be(T0.AddSeconds(30));
        s.GetTrial(t.Id).HeartbeatAt.Should().Be(T0.AddSeconds(30));
        s.CloseSession(session.Id, T0.AddMinutes(1));
        var closed = s.GetSession(session.Id)!;
        closed.EndedAt.Should().Be(T0.AddMinutes(1));
        closed.Pid.Should().Be(7);
        closed.ProcessStart.Should().Be(T0.AddHours(-1));
    }

    [Fact]
    public void Everything_survives_reopening()
    {
        long trialId;
        using (var s = CreateStorage())
        {
            var study = s.CreateStudy(Definition(), T0);
            trialId = s.AddTrial(study.Id, Spec("c"), 0, T0).Id;
            s.AddReport(trialId, 10, 3.0, T0);
            s.RecordRung(new RungDecisionRecord(trialId, 0, 1000, 2.0, RungOutcome.Stop, 1, 2, 1, T0), new TrialCheckpoint(1000, "p"), TrialState.Pruned, T0);
            s.SetSeedHuntState(study.Id, "x", "[1]", T0);
        }
        using var r = Reopen();
        var reopened = r.FindStudy("s")!;
        r.GetTrials(reopened.Id).Single().State.Should().Be(TrialState.Pruned);
        r.GetCurve(trialId).Should().Equal(new CurvePoint(10, 3.0));
        r.GetRungDecisions(reopened.Id).Single().Outcome.Should().Be(RungOutcome.Stop);
        r.GetSeedHuntState(reopened.Id, "x").Should().Be("[1]");
    }

    // --- Many workers (the methods PostgreSQL workers rely on; SQLite implements them too) ---

    private static (RungDecision, TrialState) Asha(RungLadder ladder, IReadOnlyList<RungResult> earlier, long trialId, int bracket, long rung, double value)
    {
        var asha = new AshaScheduler(ladder);
        foreach (var r in earlier) asha.Restore(r);
        var d = asha.Report(trialId, bracket, rung, value);
        return (d, d.Outcome switch { RungOutcome.Promote => TrialState.Waiting, RungOutcome.Complete => TrialState.Completed, _ => TrialState.Pruned });
    }

    [Fact]
    public void Claim_next_takes_promoted_trials_first_then_by_number_and_returns_null_when_none_waits()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var me = s.OpenSession(study.Id, "h", 1, T0, T0);
        var a = s.AddTrial(study.Id, Spec("a"), 0, T0);
        var b = s.AddTrial(study.Id, Spec("b"), 0, T0);
        var c = s.AddTrial(study.Id, Spec("c"), 0, T0);
        s.SaveCheckpoint(c.Id, new TrialCheckpoint(1000, "/ck/c"), T0);
        var first = s.ClaimNextTrial(study.Id, me.Id, T0.AddSeconds(1))!;
        first.Id.Should().Be(c.Id, "the trial furthest along goes first");
        first.State.Should().Be(TrialState.Running);
        first.OwnerSession.Should().Be(me.Id);
        first.HeartbeatAt.Should().Be(T0.AddSeconds(1));
        first.Spec.Config.Should().ContainKey("lr");
        s.ClaimNextTrial(study.Id, me.Id, T0)!.Id.Should().Be(a.Id);
        s.ClaimNextTrial(study.Id, me.Id, T0)!.Id.Should().Be(b.Id);
        s.ClaimNextTrial(study.Id, me.Id, T0).Should().BeNull();
    }

    [Fact]
    public async Task Two_connections_claiming_at_once_never_get_the_same_trial()
    {
        const int trials = 40;
        long studyId;
        long[] sessions;
        using (var setup = CreateStorage())
        {
            var study = setup.CreateStudy(Definition(), T0);
            studyId = study.Id;
            for (var i = 0; i < trials; i++) setup.AddTrial(study.Id, Spec("t" + i, (uint)i), 0, T0);
            sessions = [setup.OpenSession(study.Id, "h", 1, T0, T0).Id, setup.OpenSession(study.Id, "h", 2, T0, T0).Id];
        }
        var claimed = new List<long>[2];
        using var barrier = new Barrier(2);
        var workers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            using var storage = Reopen();
            var mine = new List<long>();
            barrier.SignalAndWait();
            while (storage.ClaimNextTrial(studyId, sessions[w], T0) is { } t) mine.Add(t.Id);
            claimed[w] = mine;
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(workers);
        claimed[0].Intersect(claimed[1]).Should().BeEmpty("no two workers run one trial");
        (claimed[0].Count + claimed[1].Count).Should().Be(trials, "every trial was claimed by someone");
        using var check = Reopen();
        foreach (var w in new[] { 0, 1 })
            claimed[w].Where(id => check.GetTrial(id).OwnerSession != sessions[w]).Should().BeEmpty("a claim records its claimer");
    }

    [Fact]
    public void A_rung_decision_sees_every_earlier_result_at_its_rung_and_is_written_once_with_the_next_state()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var me = s.OpenSession(study.Id, "h", 1, T0, T0);
        var ladder = study.Ladder;
        var rung = ladder.Steps[0];
        var ids = new List<long>();
        foreach (var (canon, value) in new[] { ("a", 2.0), ("b", 1.5), ("c", 3.0), ("d", 1.0) })
        {
            var t = s.AddTrial(study.Id, Spec(canon), 0, T0);
            s.TryClaimTrial(t.Id, me.Id, T0).Should().BeTrue();
            IReadOnlyList<RungResult>? seen = null;
            var verdict = s.DecideRung(t.Id, rung, new TrialCheckpoint(rung, "/ck/" + canon), me.Id,
                earlier => { seen = earlier; return Asha(ladder, earlier, t.Id, 0, rung, value); }, T0.AddSeconds(ids.Count));
            seen!.Select(r => r.TrialId).Should().Equal(ids, "the judge sees every earlier result at the rung, in arrival order");
            verdict.Recorded.Should().BeTrue();
            verdict.Decision!.Competitors.Should().Be(ids.Count + 1);
            verdict.Decision.SessionId.Should().Be(me.Id);
            s.GetTrial(t.Id).State.Should().Be(verdict.Next);
            s.GetTrial(t.Id).OwnerSession.Should().BeNull();
            s.GetTrial(t.Id).Checkpoint.Should().Be(new TrialCheckpoint(rung, "/ck/" + canon));
            ids.Add(t.Id);
        }
        s.GetRungDecisions(study.Id).Select(d => d.Outcome).Should().Equal(RungOutcome.Promote, RungOutcome.Promote, RungOutcome.Stop, RungOutcome.Promote);

        // Deciding again changes nothing and says so.
        var again = s.DecideRung(ids[0], rung, new TrialCheckpoint(rung, "/other"), me.Id, _ => throw new InvalidOperationException("must not judge"), T0);
        again.AlreadyDecided.Should().BeTrue();
        again.Decision!.Value.Should().Be(2.0);
        s.GetTrial(ids[0]).Checkpoint!.Location.Should().Be("/ck/a");
        s.GetRungDecisions(study.Id).Should().HaveCount(4);
    }

    [Fact]
    public void A_worker_that_lost_its_trial_cannot_decide_for_it()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var old = s.OpenSession(study.Id, "h", 1, T0, T0);
        var fresh = s.OpenSession(study.Id, "h", 2, T0, T0);
        var t = s.AddTrial(study.Id, Spec("a"), 0, T0);
        s.ClaimNextTrial(study.Id, old.Id, T0);
        s.TryRequeue(t.Id, old.Id, T0, T0.AddMinutes(5)).Should().BeTrue();
        s.ClaimNextTrial(study.Id, fresh.Id, T0.AddMinutes(5))!.Id.Should().Be(t.Id);
        var rung = study.Ladder.Steps[0];
        var verdict = s.DecideRung(t.Id, rung, new TrialCheckpoint(rung, "/late"), old.Id, _ => throw new InvalidOperationException("must not judge"), T0);
        verdict.NotOwner.Should().BeTrue();
        verdict.Recorded.Should().BeFalse();
        s.GetRungDecisions(study.Id).Should().BeEmpty();
        s.GetTrial(t.Id).OwnerSession.Should().Be(fresh.Id);
    }

    [Fact]
    public void Requeue_is_a_compare_and_set_on_owner_and_heartbeat()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var owner = s.OpenSession(study.Id, "h", 1, T0, T0);
        var t = s.AddTrial(study.Id, Spec("a"), 0, T0);
        s.ClaimNextTrial(study.Id, owner.Id, T0);
        s.SaveCheckpoint(t.Id, new TrialCheckpoint(100, "/ck"), T0);
        s.Heartbeat(owner.Id, T0.AddSeconds(10));
        s.TryRequeue(t.Id, owner.Id, T0, T0.AddMinutes(5)).Should().BeFalse("the owner beat after the heartbeat we saw");
        s.TryRequeue(t.Id, owner.Id + 1000, T0.AddSeconds(10), T0.AddMinutes(5)).Should().BeFalse("another owner");
        s.GetTrial(t.Id).State.Should().Be(TrialState.Running);
        s.TryRequeue(t.Id, owner.Id, T0.AddSeconds(10), T0.AddMinutes(5)).Should().BeTrue();
        var requeued = s.GetTrial(t.Id);
        requeued.State.Should().Be(TrialState.Waiting);
        requeued.OwnerSession.Should().BeNull();
        requeued.Checkpoint.Should().Be(new TrialCheckpoint(100, "/ck"), "it resumes from its last checkpoint");
        s.TryRequeue(t.Id, owner.Id, T0.AddSeconds(10), T0.AddMinutes(5)).Should().BeFalse("requeued once");
    }

    [Fact]
    public void Sessions_of_a_study_are_listed_with_their_hosts()
    {
        using var s = CreateStorage();
        var study = s.CreateStudy(Definition(), T0);
        var other = s.CreateStudy(Definition("t"), T0);
        s.OpenSession(study.Id, "alpha", 1, T0, T0);
        s.OpenSession(other.Id, "gamma", 3, T0, T0);
        s.OpenSession(study.Id, "beta", 2, T0, T0.AddSeconds(1));
        s.GetSessions(study.Id).Select(x => x.Host).Should().Equal("alpha", "beta");
    }
}
