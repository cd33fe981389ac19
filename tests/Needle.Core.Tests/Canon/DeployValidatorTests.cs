using System.Reflection;
using Needle.Core.Canon;
using Needle.Core.Invariants;

namespace Needle.Core.Tests.Canon;

public sealed class DeployValidatorTests
{
    private static IReadOnlyList<DeployRule> Rules(params DeployCandidate[] batch) =>
        DeployValidator.Validate(batch).Select(v => v.Rule).ToList();

    [Fact]
    public void A_clean_batch_has_no_violations()
    {
        Rules(new DeployCandidate("IGLA-HYBRID-FP32-WSD-E0005-seed200", 512),
              new("IGLA-ATTN-GF16-E0006-rng42", 256),
              new("IGLA-JEPA-T-FP32-GRADFIX-SMOKE-seed520", 128)).Should().BeEmpty();
    }

    [Fact]
    public void Duplicate_names_are_rejected() =>
        Rules(new DeployCandidate("IGLA-ATTN-FP32-E0010-rng42", 512), new("IGLA-ATTN-FP32-E0010-rng42", 512))
            .Should().Contain(DeployRule.DuplicateName);

    [Fact]
    public void Experiment_ids_increase_from_one_experiment_to_the_next_and_its_seeds_share_one()
    {
        // One experiment over three seeds carries one id (the gate's claim groups the name minus its seed).
        Rules(new DeployCandidate("IGLA-ATTN-FP32-E0010-rng42", 512), new("IGLA-ATTN-FP32-E0010-rng43", 512), new("IGLA-ATTN-FP32-E0010-rng44", 512),
            new("IGLA-ATTN-FP32-E0011-WSD-rng42", 512), new("IGLA-ATTN-FP32-E0011-WSD-rng43", 512)).Should().BeEmpty();
        // The same id on another configuration is refused, even right after it.
        var taken = DeployValidator.Validate([new DeployCandidate("IGLA-ATTN-FP32-E0010-rng42", 512), new("IGLA-ATTN-FP32-E0010-WSD-rng43", 512)]);
        taken.Select(v => v.Rule).Should().Equal(DeployRule.ExperimentIdNotIncreasing);
        taken[0].Message.Should().Contain("already the id of IGLA-ATTN-FP32-E0010-rng*");
        // Going back to an experiment's id after another experiment is refused (ids only increase).
        Rules(new DeployCandidate("IGLA-ATTN-FP32-E0010-rng42", 512), new("IGLA-ATTN-FP32-E0011-WSD-rng42", 512), new("IGLA-ATTN-FP32-E0010-rng43", 512))
            .Should().Equal(DeployRule.ExperimentIdNotIncreasing);
        Rules(new DeployCandidate("IGLA-ATTN-FP32-E0010-rng42", 512), new("IGLA-ATTN-FP32-E0009-rng43", 512))
            .Should().Equal(DeployRule.ExperimentIdNotIncreasing);
        Rules(new DeployCandidate("IGLA-ATTN-FP32-E0009-rng42", 512), new("IGLA-ATTN-FP32-E0010-rng43", 512)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Champion_locked_ids_are_rejected(int id) =>
        Rules(new DeployCandidate($"IGLA-ATTN-FP32-E{id:D4}-rng42", 512)).Should().Equal(DeployRule.ChampionLockedExperimentId);

    [Theory]
    [InlineData("IGLA-ATTN-FP32-SMOKE-seed499", true)]
    [InlineData("IGLA-ATTN-FP32-SMOKE-seed500", false)]
    [InlineData("IGLA-ATTN-FP32-GRADFIX-SMOKE-seed599", false)]
    [InlineData("IGLA-ATTN-FP32-SMOKE-seed600", true)]
    [InlineData("IGLA-ATTN-FP32-WSD-seed550", true)]
    [InlineData("IGLA-ATTN-FP32-SMOKEY-seed550", true)]
    [InlineData("IGLA-ATTN-FP32-WSD-seed42", false)]
    public void Smoke_tag_iff_seed_in_500_to_599(string name, bool violates) =>
        Rules(new DeployCandidate(name, 512)).Contains(DeployRule.SmokeSeedMismatch).Should().Be(violates);

    [Theory]
    [InlineData(255, true)]
    [InlineData(256, false)]
    public void Gf16_needs_hidden_at_least_256(int hidden, bool violates)
    {
        Rules(new DeployCandidate("IGLA-ATTN-GF16-E0010-rng42", hidden)).Contains(DeployRule.Gf16HiddenTooSmall).Should().Be(violates);
        Rules(new DeployCandidate("IGLA-ATTN-FP32-E0010-rng42", hidden)).Should().BeEmpty("the rule is about GF16 only");
    }

    [Fact]
    public void The_gf16_rule_is_marked_as_inv_3_with_its_numeric_anchor()
    {
        var field = typeof(DeployValidator).GetField(nameof(DeployValidator.Gf16MinHidden))!;
        field.GetCustomAttributes<InvariantAttribute>().Select(a => a.Id).Should().Equal("INV-3");
        field.GetRawConstantValue().Should().Be(256);
    }

    [Fact]
    public void A_malformed_name_is_reported_with_its_index() =>
        DeployValidator.Validate([new("IGLA-ATTN-FP32-E0010-rng42", 512), new("IGLA-GPT-FP32-rng1", 512)])
            .Should().ContainSingle(v => v.Index == 1 && v.Rule == DeployRule.MalformedName);
}
