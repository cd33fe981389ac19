using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Tests.Running;

/// <summary>A trial's config keys bind to the engine's typed config; the canon name and the config must agree.</summary>
public sealed class EngineTrialConfigTests
{
    private static TrialSpec Spec(string name, params (string Key, string Value)[] config) =>
        new(name, 7, config.ToDictionary(c => c.Key, c => c.Value));

    [Fact]
    public void A_model_key_contradicting_the_canon_name_fails_naming_both()
    {
        var from = () => EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("model", "HYBRID")));
        from.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("HYBRID") && e.Message.Contains("ATTN") && e.Message.Contains("contradicts"));
    }

    [Fact]
    public void A_format_key_contradicting_the_canon_name_fails_naming_both()
    {
        var from = () => EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("format", "GF16")));
        from.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("GF16") && e.Message.Contains("FP32"));
    }

    [Fact]
    public void The_engine_spelling_attn_agrees_with_the_canon_ATTN_and_the_name_supplies_the_family()
    {
        EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("model", "attn"))).Model.Model.Should().Be("attn");
        EngineTrialConfig.From(Spec("IGLA-HYBRID-BF16-E0101-seed7")).Model.Should().Match<Needle.Training.Models.ModelConfig>(m => m.Model == "HYBRID" && m.Format == "BF16");
    }

    [Fact]
    public void A_setting_the_family_does_not_read_fails_naming_the_key_and_the_family()
    {
        var from = () => EngineTrialConfig.From(Spec("IGLA-TRAIN_V2-FP32-E0101-seed7", ("layers", "6")));
        from.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("layers") && e.Message.Contains("TRAIN_V2"));
    }

    [Fact]
    public void The_curriculum_key_binds_V7_as_needle_train_does_and_its_absence_is_off()
    {
        EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7")).Curriculum.Should().BeNull();
        EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("curriculum", "off"))).Curriculum.Should().BeNull();
        EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("curriculum", "median"))).Curriculum!.Quantile.Should().Be(0.5);
        EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("curriculum", "0.7"))).Curriculum!.Quantile.Should().Be(0.7);
        var from = () => EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("curriculum", "hardest")));
        from.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("IGLA-ATTN-FP32-E0101-seed7") && e.Message.Contains("curriculum: 'hardest'"));
    }

    [Fact]
    public void The_parametrization_keys_bind_like_needle_train_and_bad_values_fail_naming_the_trial()
    {
        var mup = EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("parametrization", "mup"), ("mup_base_width", "32"))).Model;
        mup.Parametrization.Should().Be(Needle.Training.Models.Parametrization.Mup);
        mup.MupBaseWidth.Should().Be(32);
        EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7")).Model.Parametrization.Should().Be(Needle.Training.Models.Parametrization.Sp);
        var bad = () => EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("parametrization", "ntk")));
        bad.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("ntk") && e.Message.Contains("IGLA-ATTN-FP32-E0101-seed7"));
        var baseOnly = () => EngineTrialConfig.From(Spec("IGLA-ATTN-FP32-E0101-seed7", ("mup_base_width", "32")));
        baseOnly.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("mup-base-width"));
    }
}
