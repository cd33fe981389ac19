using Needle.Core.Canon;
using Needle.Search.Running;
using Needle.Search.Smoke;

namespace Needle.Search.Tests.Smoke;

public sealed class SmokePlanTests
{
    [Fact]
    public void The_plan_s_canon_names_and_seeds_exactly_with_their_levers()
    {
        var plan = SmokePlan.Resolve();
        var names = plan.Runs.Select(r => r.Canon).ToList();
        string[] expected =
        [
            .. new[] { 500, 501, 502 }.Select(s => $"IGLA-HYBRID-FP32-WSD-SMOKE-seed{s}"),
            .. new[] { 510, 511, 512 }.Select(s => $"IGLA-HYBRID-FP32-BS8-SMOKE-seed{s}"),
            .. new[] { 520, 521, 522 }.Select(s => $"IGLA-JEPA-T-FP32-GRADFIX-SMOKE-seed{s}"),
            .. new[] { 530, 531, 532 }.Select(s => $"IGLA-NCA-FP32-GRADFIX-SMOKE-seed{s}"),
            .. new[] { 540, 541, 542 }.Select(s => $"IGLA-HYBRID-FP32-EMA10-SMOKE-seed{s}"),
            .. new[] { 550, 551, 552 }.Select(s => $"IGLA-HYBRID-FP32-h512-SMOKE-seed{s}"),
            .. new[] { 560, 561, 562 }.Select(s => $"IGLA-HYBRID-FP32-h768-SMOKE-seed{s}"),
            "IGLA-HYBRID-FP32-LR5-SMOKE-seed590",
        ];
        names.Should().Equal(expected);
        plan.Runs.Should().OnlyContain(r => DeployValidator.IsSmokeSeed((int)r.Spec.Seed) && CanonName.Parse(r.Canon).Seed == (int)r.Spec.Seed);
        plan.Runs.Single(r => r.Diverging).Canon.Should().Be("IGLA-HYBRID-FP32-LR5-SMOKE-seed590");
        plan.Ladder.Steps.Should().Equal(250, 500);

        var configs = plan.Runs.ToDictionary(r => r.Canon, r => EngineTrialConfig.From(r.Spec));
        configs["IGLA-HYBRID-FP32-WSD-SMOKE-seed500"].Schedule.Should().Be(Needle.Training.Optim.ScheduleKind.Wsd);
        configs["IGLA-HYBRID-FP32-WSD-SMOKE-seed500"].Steps.Should().Be(500, "the plan's 500 steps at the machine scale");
        configs["IGLA-HYBRID-FP32-BS8-SMOKE-seed511"].Batch.Should().Be(8);
        configs["IGLA-JEPA-T-FP32-GRADFIX-SMOKE-seed520"].Model.Model.Should().Be("JEPA-T");
        configs["IGLA-NCA-FP32-GRADFIX-SMOKE-seed530"].Model.Model.Should().Be("HYBRID", "an NCA name trains HYBRID with the NCA loss");
        configs["IGLA-NCA-FP32-GRADFIX-SMOKE-seed530"].Model.NcaWeight.Should().Be(0.25f);
        configs["IGLA-HYBRID-FP32-EMA10-SMOKE-seed540"].WeightEmaDecay.Should().Be(0.9f);
        configs["IGLA-HYBRID-FP32-h512-SMOKE-seed550"].Model.Hidden.Should().Be(512 / plan.Scale.WidthDivisor);
        configs["IGLA-HYBRID-FP32-h768-SMOKE-seed560"].Model.Hidden.Should().Be(768 / plan.Scale.WidthDivisor);
        configs["IGLA-HYBRID-FP32-LR5-SMOKE-seed590"].Lr.Should().Be(5f);
        configs["IGLA-HYBRID-FP32-h768-SMOKE-seed562"].Seed.Should().Be(562UL);
    }

    [Fact]
    public void Scale_one_is_the_plan_as_written()
    {
        var plan = SmokePlan.Resolve("plan");
        var config = EngineTrialConfig.From(plan.Runs.Single(r => r.Canon == "IGLA-HYBRID-FP32-h768-SMOKE-seed560").Spec);
        config.Model.Hidden.Should().Be(768);
        config.Model.DModel.Should().Be(64);
        config.Steps.Should().Be(500);
    }
}
