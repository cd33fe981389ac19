using Needle.Core.Seeds;
using Needle.Search.Hunt;
using Needle.Search.Plans;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.Tests.Plans;

/// <summary>
/// Plans run end to end at their smallest scale on the real engine and corpus, checked against what they declare.
/// Phases 2–4 need a GREEN GATE-0 first; their end-to-end run is in the Smoke chain (Needle.Cli.Tests, after the real
/// smoke race); here they are refused without it.
/// </summary>
public sealed class PlanRunEndToEndTests : IDisposable
{
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load());
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-plan-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    private static ResolvedPlan Smallest(string name)
    {
        var file = PlanCatalog.Shipped(name);
        return PlanLoader.Resolve(file, $"plans/{name}.json", file.SmallestScale);
    }

    [Fact]
    public async Task The_seed_hunt_takes_the_declared_action_at_every_rung_and_resumes_without_repeating_one()
    {
        var plan = Smallest("seed-hunt");
        var study = Path.Combine(_dir, "hunt.db");
        var result = await new PlanRunner(Corpus.Value, TimeProvider.System, "test").RunAsync(plan, study, null, null, TestContext.Current.CancellationToken);

        var log = result.HuntActions;
        log.Select(a => (a.Rung, a.Action)).Should().Equal(plan.Actions.Select(a => (a.Rung, a.Name)), "one record per rung, in the declared order");
        log[0].Kept.Should().BeEquivalentTo(log[0].Cohort, "rung 0 collects and stops nothing");
        log[0].Stopped.Should().BeEmpty();
        log[0].Killed.Should().BeEmpty();

        var r1 = log[1];
        r1.Killed.Should().Contain("IGLA-HYBRID-FP32-HUNT-LR5-seed49", "the declared canary diverges and is killed at rung 1");
        r1.Replacements.Should().HaveCount(r1.Killed.Count);
        var phi = Enumerable.Range(1, 64).Select(PhiAnchoredSeeds.Seed).ToHashSet();
        result.Trials.Where(t => r1.Replacements.Contains(t.Spec.CanonName)).Should().OnlyContain(t => phi.Contains(t.Spec.Seed));
        var judged = r1.Cohort.Count - r1.Killed.Count(k => r1.Cohort.Contains(k));
        r1.Stopped.Should().HaveCount(judged / 2, "the bottom half of the seeds still alive");
        r1.Kept.Should().HaveCount(judged - judged / 2);

        log[2].Kept.Should().HaveCount(Math.Min(3, log[2].Cohort.Count), "the top 3 candidate seeds");
        log[2].Kept.Should().Equal(log[2].Cohort.Take(log[2].Kept.Count), "kept by BPB at the rung, best first");

        var r3 = log[3];
        r3.Mirrors.Should().HaveCount(3);
        var leader = result.Trials.Single(t => t.Spec.CanonName == r3.Cohort[0]);
        r3.Note.Should().StartWith("LEADING " + leader.Spec.CanonName);
        result.Trials.Where(t => r3.Mirrors.Contains(t.Spec.CanonName))
            .Should().OnlyContain(t => phi.Contains(t.Spec.Seed) && t.Spec.ConfigKey == leader.Spec.ConfigKey);

        log[4].Kept.Should().HaveCount(Math.Min(2, log[4].Cohort.Count), "the leader and the top-1 challenger");
        log[4].Cohort.Should().Contain(r3.Mirrors, "mirrors caught up through the rungs already acted on and were judged here");
        log[5].Note.Should().Contain("NOT EVALUATED").And.Contain("4000");
        // The finishers: what rung 4 kept, plus seeds it queued in place of a DIVERGING one (they pass the rungs already acted
        // on and are judged with the finishers at the gate evaluation).
        result.Leaderboard.Select(l => l.Canon).Should().BeEquivalentTo(log[4].Kept.Concat(log[4].Replacements));

        var declared = plan.Runs.Select(r => r.Canon).Concat(log.SelectMany(a => a.Replacements)).Concat(r3.Mirrors);
        result.Trials.Select(t => t.Spec.CanonName).Should().BeEquivalentTo(declared, "no trial the plan or its actions did not name");

        var again = await new PlanRunner(Corpus.Value, TimeProvider.System, "test").RunAsync(plan, study, null, null, TestContext.Current.CancellationToken);
        again.HuntActions.Should().BeEquivalentTo(log, "a resumed hunt repeats no action");
        again.Trials.Should().HaveCount(result.Trials.Count);
    }

    [Fact]
    public async Task Phase_2_is_refused_without_a_green_gate0_and_after_a_red_one()
    {
        var study = Path.Combine(_dir, "p2.db");
        var runner = new PlanRunner(Corpus.Value, TimeProvider.System, "c0ffee");
        var none = async () => await runner.RunAsync(Smallest("phase2"), study, null, null, TestContext.Current.CancellationToken);
        (await none.Should().ThrowAsync<SmokeBeforeFireException>()).Which.Message.Should().Contain("none is recorded").And.Contain("no --force");

        // GATE-0 at its smallest scale (100 steps: too short to learn below 4 bits) runs end to end and records RED.
        var gate0 = Smallest("gate0");
        var smoke = await new Needle.Search.Smoke.SmokeRace(Corpus.Value, gate0, TimeProvider.System).RunAsync(study, TestContext.Current.CancellationToken);
        smoke.Evidence.Runs.Where(r => r.Declared).Select(r => r.Canon).Should().Equal(gate0.Runs.Select(r => r.Canon));
        smoke.AllGreen.Should().BeFalse("criterion 6: nothing learns below 4 bits in 100 steps of a d16 model");
        var verdict = Needle.Search.Smoke.SmokeVerdicts.Find(new SqliteStudyStorage(study), Needle.Core.Git.BuildCommit.Current.ShaOrUnknown);
        verdict.Should().NotBeNull();
        verdict!.Green.Should().BeFalse();

        var red = async () => await new PlanRunner(Corpus.Value, TimeProvider.System).RunAsync(Smallest("phase2"), study, null, null, TestContext.Current.CancellationToken);
        (await red.Should().ThrowAsync<SmokeBeforeFireException>()).Which.Message.Should().Contain("RED");
        new SqliteStudyStorage(study).FindStudy("phase2").Should().BeNull("a refused plan creates nothing");
    }

    [Fact]
    public async Task Names_and_experiment_ids_already_used_are_refused_by_name()
    {
        // A phase-1 plan with experiment ids (phase 1 needs no smoke race), and a ledger holding one of its names.
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "plans", "seed-hunt.json")))!;
        node["name"] = "reuse";
        node["groups"]![0]!["seeds"] = new System.Text.Json.Nodes.JsonArray(41, 42);
        node["groups"]![0]!["experiment_id"] = 900; // one experiment, two seeds
        node["groups"]![1]!["experiment_id"] = 901;
        var text = node.ToJsonString();
        var path = Path.Combine(_dir, "reuse.json");
        await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
        var plan = PlanLoader.Resolve(PlanLoader.Load(path), path, "smallest");
        plan.Runs.Select(r => r.Canon).Should().StartWith(["IGLA-HYBRID-FP32-HUNT-E0900-seed41", "IGLA-HYBRID-FP32-HUNT-E0900-seed42"]);

        var ledger = Path.Combine(_dir, "ledger.jsonl");
        await File.WriteAllTextAsync(ledger, "{\"_header\": 1}\n{\"canon\": \"IGLA-HYBRID-FP32-HUNT-E0900-seed41\", \"seed\": 41}\n", TestContext.Current.CancellationToken);
        var runner = new PlanRunner(Corpus.Value, TimeProvider.System, "test");
        var byLedger = async () => await runner.RunAsync(plan, Path.Combine(_dir, "a.db"), ledger, null, TestContext.Current.CancellationToken);
        (await byLedger.Should().ThrowAsync<PlanFileException>()).Which.Message.Should().Contain("never reuse").And.Contain("IGLA-HYBRID-FP32-HUNT-E0900-seed41 (name, in ledger");

        var studyPath = Path.Combine(_dir, "b.db");
        using (var storage = new SqliteStudyStorage(studyPath))
        {
            var other = storage.CreateStudy(new StudyDefinition("older", Needle.Core.Rungs.RungLadder.Explicit([10], 2), 1, "{}"), DateTimeOffset.UnixEpoch);
            storage.AddTrial(other.Id, new TrialSpec("IGLA-HYBRID-FP32-WSD-E0901-seed7", 7, new Dictionary<string, string>()), 0, DateTimeOffset.UnixEpoch);
            // Another seed of the plan's own experiment E0900 is not a collision: seeds are the varying part of an experiment.
            storage.AddTrial(other.Id, new TrialSpec("IGLA-HYBRID-FP32-HUNT-E0900-seed43", 43, new Dictionary<string, string>()), 0, DateTimeOffset.UnixEpoch);
        }
        var byStudy = async () => await runner.RunAsync(plan, studyPath, null, null, TestContext.Current.CancellationToken);
        (await byStudy.Should().ThrowAsync<PlanFileException>()).Which.Message.Should()
            .Contain("IGLA-HYBRID-FP32-HUNT-LR5-E0901-seed49 (E0901 is IGLA-HYBRID-FP32-WSD-E0901-seed*'s, in study 'older')")
            .And.NotContain("E0900", "seed 43 of experiment E0900 takes neither a plan name nor another configuration's id");
    }
}
