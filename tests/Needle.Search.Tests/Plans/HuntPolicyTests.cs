using Needle.Core.Seeds;
using Needle.Search.Hunt;
using Needle.Search.Plans;
using Needle.Search.Study;

namespace Needle.Search.Tests.Plans;

/// <summary>
/// The hunt policy's kill-and-replace at a rung after rung 1, on curves written into a real SQLite study (no training:
/// the policy only reads the study).
/// </summary>
public sealed class HuntPolicyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-huntpolicy-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    public void A_seed_that_diverges_after_rung_1_is_killed_and_replaced_at_the_next_action()
    {
        var file = PlanCatalog.Shipped("seed-hunt");
        var plan = PlanLoader.Resolve(file, "plans/seed-hunt.json", file.SmallestScale);
        var keepTop = plan.Actions.Single(a => a.Kind == RungActionKind.KeepTop);
        var rung = keepTop.Rung;
        using var storage = new SqliteStudyStorage(Path.Combine(_dir, "hunt.db"));
        var study = storage.CreateStudy(new StudyDefinition(plan.Name, plan.Ladder, file.MasterSeed, "{}"), T0);
        var trials = plan.Runs.Select(r => storage.AddTrial(study.Id, r.Spec, 0, T0)).ToList();
        const uint risingSeed = 44;
        const uint canarySeed = 49;
        foreach (var t in trials)
        {
            if (t.Spec.Seed == canarySeed)
            {
                // The runner marked the canary Diverged between rung 1 and this rung (as at the machine scale).
                for (var s = 1L; s < rung - 5; s++) storage.AddReport(t.Id, s, 5.0 + 0.1 * s, T0);
                storage.SetTrialState(t.Id, TrialState.Diverged, T0, "BPB 9.2 at step 12 is above 8 bits");
                continue;
            }
            for (var s = 1L; s <= rung; s++)
            {
                // Falling curves, one per seed; seed 44's turns up and ends worse than a uniform guess (> 8 bits).
                var bpb = t.Spec.Seed == risingSeed && s > rung / 2 ? 4.0 + 0.5 * (s - rung / 2) : 5.0 - 0.05 * s + 0.01 * t.Spec.Seed;
                storage.AddReport(t.Id, s, bpb, T0);
            }
            storage.SaveCheckpoint(t.Id, new TrialCheckpoint(rung, "ck"), T0);
            storage.SetTrialState(t.Id, TrialState.Pruned, T0); // held at the rung by the race
        }

        var record = new HuntPolicy(storage, study, plan, TimeProvider.System).Apply(keepTop, []);

        var rising = trials.Single(t => t.Spec.Seed == risingSeed).Spec.CanonName;
        var canary = trials.Single(t => t.Spec.Seed == canarySeed).Spec.CanonName;
        record.Killed.Should().BeEquivalentTo([rising, canary], "the policy kills DIVERGING at every judging rung, not only at rung 1");
        storage.GetTrials(study.Id).Single(t => t.Spec.CanonName == rising).State.Should().Be(TrialState.Killed);
        record.Replacements.Should().HaveCount(2);
        var phi = Enumerable.Range(1, 64).Select(PhiAnchoredSeeds.Seed).ToHashSet();
        var queued = storage.GetTrials(study.Id).Where(t => record.Replacements.Contains(t.Spec.CanonName)).ToList();
        queued.Should().HaveCount(2).And.OnlyContain(t => phi.Contains(t.Spec.Seed) && t.State == TrialState.Waiting);
        record.Kept.Should().HaveCount(3).And.NotContain(rising);
        record.Stopped.Should().HaveCount(plan.Runs.Count - 2 - 3, "the top 3 of the seeds still alive go on, the rest stop");
        HuntActionLog.Read(storage, study).Should().ContainSingle().Which.Killed.Should().BeEquivalentTo(record.Killed);

        // The replacement of a replacement is not made: when the canary's replacement diverges too, its config is at fault.
        var canaryReplacement = queued.Single(t => t.Spec.ConfigKey == trials.Single(x => x.Spec.Seed == canarySeed).Spec.ConfigKey);
        storage.SetTrialState(canaryReplacement.Id, TrialState.Diverged, T0, "BPB above 8 bits");
        var later = plan.Actions.Single(a => a.Kind == RungActionKind.KeepLeaderAndChallengers);
        var next = new HuntPolicy(storage, study, plan, TimeProvider.System).Apply(later, []);
        next.Killed.Should().Equal(canaryReplacement.Spec.CanonName);
        next.Replacements.Should().BeEmpty();
    }

    [Fact]
    public void A_plan_whose_warm_up_outlasts_the_first_judging_rung_is_refused_naming_the_run()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "plans", "seed-hunt.json"));
        text.Should().Contain("\"warmup\": \"100\"");
        // Without the declared warm-up, the default (5% of 81,000 steps = 4,050) runs past rung 1 (500), 2 (2,000).
        var file = PlanLoader.Parse(text.Replace("\"warmup\": \"100\",", "", StringComparison.Ordinal), "plans/seed-hunt.json");
        var act = () => PlanLoader.Resolve(file, "plans/seed-hunt.json", PlanLoader.AsWritten);
        act.Should().Throw<PlanFileException>().Which.Message.Should()
            .Contain("IGLA-HYBRID-FP32-HUNT-seed41").And.Contain("warm-up ends at step 4050").And.Contain("after step 500");
    }

    [Theory]
    [InlineData("plan", "100", 500)]
    [InlineData("machine", "10", 50)]
    [InlineData("smallest", "1", 5)]
    public void The_hunt_s_warm_up_scales_with_its_ladder_and_ends_before_the_first_action_that_ranks_seeds(string scale, string warmup, long judging)
    {
        var file = PlanCatalog.Shipped("seed-hunt");
        var plan = PlanLoader.Resolve(file, "plans/seed-hunt.json", scale);
        PlanLoader.FirstJudgingRung(file, plan.Ladder).Should().Be(judging, "rung 0 collects; rung 1 is the first to stop seeds");
        plan.Runs.Should().OnlyContain(r => r.Spec.Config["warmup"] == warmup);
        plan.Runs.Select(r => Needle.Search.Running.EngineTrialConfig.From(r.Spec).EffectiveWarmup).Should().OnlyContain(w => w <= plan.Ladder.Steps[0]);
    }
}
