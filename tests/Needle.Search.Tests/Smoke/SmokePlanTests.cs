using Needle.Core.Canon;
using Needle.Search.Running;
using Needle.Search.Smoke;

namespace Needle.Search.Tests.Smoke;

public sealed class SmokePlanTests
{
    [Fact]
    public void Seven_tags_times_three_smoke_seeds_with_canon_names_and_their_levers()
    {
        var runs = SmokePlan.Runs(SmokeScale.Default);
        runs.Should().HaveCount(21);
        runs.Select(r => r.Spec.CanonName).Should().OnlyHaveUniqueItems()
            .And.Contain("IGLA-ATTN-FP32-WSD-SMOKE-seed500").And.Contain("IGLA-JEPA-T-FP32-GRADFIX-JEPAT-SMOKE-seed502");
        runs.Should().OnlyContain(r => DeployValidator.IsSmokeSeed((int)r.Spec.Seed));
        var configs = runs.ToDictionary(r => r.Spec.CanonName, r => EngineTrialConfig.From(r.Spec));
        configs["IGLA-ATTN-FP32-WSD-SMOKE-seed500"].Schedule.Should().Be(Needle.Training.Optim.ScheduleKind.Wsd);
        configs["IGLA-ATTN-FP32-BS8-SMOKE-seed501"].Batch.Should().Be(8);
        configs["IGLA-JEPA-T-FP32-GRADFIX-JEPAT-SMOKE-seed500"].Model.Model.Should().Be("JEPA-T");
        configs["IGLA-HYBRID-FP32-GRADFIX-NCA-SMOKE-seed500"].Model.NcaWeight.Should().Be(0.25f);
        configs["IGLA-ATTN-FP32-EMA10-SMOKE-seed500"].WeightEmaDecay.Should().Be(0.9f);
        configs["IGLA-ATTN-FP32-h512-SMOKE-seed500"].Model.Hidden.Should().Be(512 / SmokeScale.Default.WidthDivisor);
        configs["IGLA-ATTN-FP32-h768-SMOKE-seed500"].Model.Hidden.Should().Be(768 / SmokeScale.Default.WidthDivisor);
        configs["IGLA-ATTN-FP32-h768-SMOKE-seed502"].Seed.Should().Be(502UL);
    }
}
