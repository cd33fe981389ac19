using Needle.Core.Rungs;
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
}
