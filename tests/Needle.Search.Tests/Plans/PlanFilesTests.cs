using System.Globalization;
using Needle.Core.Canon;
using Needle.Search.Plans;
using Needle.Search.Running;

namespace Needle.Search.Tests.Plans;

/// <summary>The plan files under plans/: what they declare, checked against the plan's own numbers (written out here).</summary>
public sealed class PlanFilesTests
{
    private static string PlansDir => Path.Combine(RepoPaths.Root, "plans");

    public static TheoryData<string> Names() => new(PlanCatalog.Names);

    [Fact]
    public void Every_phase_has_a_plan_file_and_the_binary_ships_exactly_them()
    {
        PlanCatalog.Names.Should().BeEquivalentTo("gate0", "seed-hunt", "phase2", "phase3", "phase4");
        Directory.GetFiles(PlansDir, "*.json").Select(Path.GetFileNameWithoutExtension).Should().BeEquivalentTo(PlanCatalog.Names);
        foreach (var name in PlanCatalog.Names)
            PlanLoader.Load(Path.Combine(PlansDir, name + ".json")).Should().BeEquivalentTo(PlanCatalog.Shipped(name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_declared_scale_resolves_and_every_name_is_written_as_the_canon_rules_say(string name)
    {
        var file = PlanCatalog.Shipped(name);
        foreach (var scale in file.Scales.Keys.Prepend(PlanLoader.AsWritten))
        {
            var plan = PlanLoader.Resolve(file, $"plans/{name}.json", scale);
            // Names spelled out independently of CanonName: IGLA-MODEL-FORMAT[-TAG][-ENNNN]-seedN.
            var expected = file.Groups.SelectMany(g => g.Seeds.Select((s, k) =>
                $"IGLA-{g.CanonModel}-{g.Format}{(g.Tag is null ? "" : "-" + g.Tag)}{(g.ExperimentId is { } id ? "-E" + id.ToString("D4", CultureInfo.InvariantCulture) : "")}-seed{s}"));
            plan.Runs.Select(r => r.Canon).Should().Equal(expected);
            plan.Runs.Select(r => r.Spec.Seed).Should().Equal(file.Groups.SelectMany(g => g.Seeds));
            DeployValidator.Validate(plan.Runs.Select(r => new DeployCandidate(r.Canon, r.Hidden)).ToList()).Should().BeEmpty();
            foreach (var run in plan.Runs)
            {
                var config = EngineTrialConfig.From(run.Spec);
                config.Steps.Should().Be((int)plan.Ladder.Steps[^1]);
                config.Model.Hidden.Should().Be(run.Hidden);
            }
            plan.Ladder.Steps.Should().Equal(file.Ladder.Select(r => r / plan.Scale.StepsDivisor));
            plan.Ladder.Steps.Should().OnlyContain(r => r % plan.Scale.ReportEvery == 0);
        }
    }

    [Fact]
    public void Phase_2_is_seven_bases_times_three_seeds_one_experiment_id_per_base_E0005_to_E0011_and_a_minimum_set_of_nine()
    {
        var plan = PlanLoader.Resolve(PlanCatalog.Shipped("phase2"), "plans/phase2.json");
        plan.Runs.Should().HaveCount(21);
        plan.Runs.Select(r => r.ExperimentId!.Value).Should().Equal(Enumerable.Range(5, 7).SelectMany(id => Enumerable.Repeat(id, 3)));
        plan.Runs.GroupBy(r => r.Canon[..r.Canon.IndexOf("-E", StringComparison.Ordinal)]).Should().HaveCount(7).And.OnlyContain(g => g.Count() == 3);
        plan.Runs[0].Canon.Should().Be("IGLA-HYBRID-FP32-WSD-E0005-seed43");
        plan.File.Subsets!["minimum"].Should().HaveCount(9).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Phase_3_is_the_GF16_hedge_and_keeps_every_width_at_or_above_256_at_every_scale()
    {
        var file = PlanCatalog.Shipped("phase3");
        foreach (var scale in file.Scales.Keys.Prepend(PlanLoader.AsWritten))
        {
            var plan = PlanLoader.Resolve(file, "plans/phase3.json", scale);
            plan.Runs.Should().OnlyContain(r => r.Canon.Contains("-GF16-", StringComparison.Ordinal) && r.Hidden >= 256);
            plan.Runs.Select(r => (r.Family, r.Hidden)).Distinct().Should().Equal(("TRAIN_V2", 1024), ("HYBRID", 828), ("HYBRID", 384));
            plan.Runs.Where(r => r.Hidden == 384).Select(r => r.Spec.Seed).Should().Equal(
                Needle.Core.Seeds.PhiAnchoredSeeds.Seed(1), Needle.Core.Seeds.PhiAnchoredSeeds.Seed(2), Needle.Core.Seeds.PhiAnchoredSeeds.Seed(3));
        }
    }

    [Fact]
    public void Phase_4_sweeps_the_four_precisions_and_no_experiment_id_is_used_twice_across_the_plan()
    {
        var p4 = PlanLoader.Resolve(PlanCatalog.Shipped("phase4"), "plans/phase4.json");
        p4.Runs.Select(r => CanonName.Parse(r.Canon).Format).Distinct().Should().Equal("DLFLOAT", "BF16", "FP8E4M3", "FP8E5M2");
        var ids = PlanCatalog.Names.SelectMany(n => PlanCatalog.Shipped(n).Groups.Where(g => g.ExperimentId is not null).Select(g => g.ExperimentId!.Value)).ToList();
        ids.Should().OnlyHaveUniqueItems().And.Equal(Enumerable.Range(5, ids.Count), "phases 2–4 continue one another's ids");
    }

    [Theory]
    [InlineData("phase2")]
    [InlineData("phase3")]
    [InlineData("phase4")]
    public void Each_configuration_is_one_experiment_whose_seeds_form_one_victory_gate_claim(string name)
    {
        // The gate groups rows into claims by the name minus its seed and needs 3 distinct seeds in one claim; an id per
        // run (the plan's E0005–E0025 as first written) made 21 one-seed claims that could never pass.
        var file = PlanCatalog.Shipped(name);
        var plan = PlanLoader.Resolve(file, $"plans/{name}.json", PlanLoader.AsWritten);
        var claims = plan.Runs.GroupBy(r => Needle.Core.Gates.VictoryGate.ClaimKey(r.Canon)).ToList();
        claims.Select(c => c.Select(r => r.Spec.Seed)).Should().BeEquivalentTo(file.Groups.Select(g => g.Seeds), o => o.WithStrictOrdering());
        claims.Select(c => c.Select(r => r.ExperimentId).Distinct().Single()).Should().Equal(file.Groups.Select(g => g.ExperimentId));
    }

    [Fact]
    public void The_seed_hunt_declares_the_plan_s_ladder_and_rung_actions()
    {
        var plan = PlanLoader.Resolve(PlanCatalog.Shipped("seed-hunt"), "plans/seed-hunt.json", PlanLoader.AsWritten);
        plan.Ladder.Steps.Should().Equal(100, 500, 2000, 8000, 32000, 81000);
        plan.Actions.Select(a => (a.Kind, a.Count)).Should().Equal(
            (RungActionKind.Collect, 0), (RungActionKind.DropBottomHalfKillDiverging, 0), (RungActionKind.KeepTop, 3),
            (RungActionKind.PromoteLeadingMirror, 3), (RungActionKind.KeepLeaderAndChallengers, 1), (RungActionKind.GateEvaluation, 0));
    }

    [Theory]
    [InlineData("\"policy\": \"hunt\"", "\"policy\": \"greedy\"", "plans/gate0.json:6: field 'policy' is \"greedy\"; it must be how runs are stopped: \"smoke\" (the GATE-0 race), \"asha\" or \"hunt\"")]
    [InlineData("\"tag\": \"WSD-SMOKE\"", "\"tag\": \"WSD-SMOKE\", \"bogus\": 1", "field 'groups[0].bogus' is not a field here (known: canon_model, config, diverging,")]
    [InlineData("\"config\": { \"schedule\": \"wsd\" }", "\"config\": { \"schedule\": \"wsd\", \"drop_out\": \"0.1\" }", "groups[0].config: unknown config key(s) drop_out")]
    [InlineData("\"config\": { \"model\": \"JEPA-T\" }", "\"config\": { \"model\": \"TRAIN_V2\" }", "canon model JEPA-T but config model 'TRAIN_V2'")]
    [InlineData("\"seeds\": [500, 501, 502]", "\"seeds\": [500, 501, 502], \"experiment_ids\": [7, 8, 9]", "field 'groups[0].experiment_ids' is not a field here")]
    public void A_broken_plan_file_is_refused_naming_the_file_and_the_field(string find, string replace, string message)
    {
        var text = File.ReadAllText(Path.Combine(PlansDir, "gate0.json"));
        if (find.Contains("hunt", StringComparison.Ordinal)) text = text.Replace("\"policy\": \"smoke\"", "\"policy\": \"hunt\"", StringComparison.Ordinal);
        text.Should().Contain(find);
        var act = () => PlanLoader.Parse(text.Replace(find, replace, StringComparison.Ordinal), "plans/gate0.json");
        act.Should().Throw<PlanFileException>().Which.Message.Should().Contain("plans/gate0.json").And.Contain(message);
    }

    [Fact]
    public void A_scale_that_would_break_the_GF16_width_rule_is_refused_naming_the_run()
    {
        var file = PlanCatalog.Shipped("phase3");
        var narrow = file with { Scales = new() { ["narrow"] = file.Scales["smallest"] with { WidthDivisor = 2 } } };
        var act = () => PlanLoader.Resolve(narrow, "plans/phase3.json", "narrow");
        act.Should().Throw<PlanFileException>().Which.Message.Should().Contain("256").And.Contain("IGLA-HYBRID-GF16-h384-E0014");
    }

    [Fact]
    public void A_scale_that_puts_a_rung_off_the_cadence_is_refused()
    {
        var file = PlanCatalog.Shipped("seed-hunt");
        var bad = file with { Scales = new() { ["bad"] = file.Scales["machine"] with { StepsDivisor = 3 } } };
        var act = () => PlanLoader.Resolve(bad, "plans/seed-hunt.json", "bad");
        act.Should().Throw<PlanFileException>().Which.Message.Should().Contain("scales.bad").And.Contain("rung 100");
    }
}
