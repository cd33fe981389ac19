using Needle.Training.Models.Registry;
using Needle.Training.Run;

namespace Needle.Training.Tests.Run;

/// <summary>The one binding of named settings (needle train's options, a race trial's keys) to a TrainConfig.</summary>
public sealed class TrainSettingsTests
{
    private static TrainConfig Bind(params (string Key, string Value)[] given) =>
        TrainSettings.Bind(given.Select(g => new KeyValuePair<string, string>(g.Key, g.Value)));

    [Fact]
    public void Nothing_given_binds_the_defaults_and_every_architecture_setting_of_the_registry_has_a_setting()
    {
        Bind().ToJson().Should().Be(TrainConfig.Defaults.ToJson());
        ModelOptions.All.Should().OnlyContain(o => TrainSettings.All.Any(s => s.Architecture == o && s.Name == o.Name));
    }

    [Fact]
    public void The_three_spellings_bind_the_same_value_and_the_order_given_does_not_matter()
    {
        Bind(("--d-model", "64")).Model.DModel.Should().Be(64);
        Bind(("d_model", "64")).ToJson().Should().Be(Bind(("d-model", "64")).ToJson());
        Bind(("lr", "0.004"), ("model", "HYBRID"), ("qk_gain", "2")).ToJson()
            .Should().Be(Bind(("model", "HYBRID"), ("qk_gain", "2"), ("lr", "0.004")).ToJson());
    }

    [Fact]
    public void A_setting_the_family_does_not_read_is_refused_naming_it_and_the_family_even_at_its_default()
    {
        var layers = () => Bind(("model", "TRAIN_V2"), ("layers", "4"));
        layers.Should().Throw<ArgumentException>().Where(e => e.Message.StartsWith("layers") && e.Message.Contains("TRAIN_V2"));
        var gain = () => Bind(("qk-gain", "2"));
        gain.Should().Throw<ArgumentException>().Where(e => e.Message.StartsWith("qk-gain") && e.Message.Contains("attn"));
    }

    [Fact]
    public void Unknown_repeated_and_unparsable_settings_are_refused_naming_the_setting_as_spelled()
    {
        var unknown = () => Bind(("lr", "0.1"), ("warmup_stepz", "5"));
        unknown.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("warmup_stepz") && e.Message.Contains("warmup"));
        var twice = () => Bind(("d_model", "32"), ("--d-model", "64"));
        twice.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("given twice"));
        var text = () => Bind(("d_model", "wide"));
        text.Should().Throw<ArgumentException>().WithMessage("d_model: 'wide' is not an integer");
        var untied = () => Bind(("untied", "yes"));
        untied.Should().Throw<ArgumentException>().WithMessage("untied: 'yes' is not true or false");
        var range = () => Bind(("batch", "0"));
        range.Should().Throw<ArgumentException>().Where(e => e.Message.StartsWith("batch"));
    }

    [Fact]
    public void Inverted_settings_bind_the_config_field_they_name()
    {
        Bind(("untied", "true")).Model.TiedReadout.Should().BeFalse();
        Bind(("model", "TRAIN_V2"), ("ngram_frozen", "true")).Model.Ngram.MixLearnable.Should().BeFalse();
        Bind(("model", "TRAIN_V2"), ("ngram_act", "relu2")).Model.Ngram.ReluSquared.Should().BeTrue();
        Bind(("model", "ATTN")).Model.Model.Should().Be("attn", "an alias binds the canon name");
        Bind(("format", "bf16")).Model.Format.Should().Be("BF16");
    }
}
