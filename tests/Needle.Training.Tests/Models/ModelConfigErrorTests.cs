using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Run;

namespace Needle.Training.Tests.Models;

/// <summary>ModelConfig names its properties; the settings binding re-words an error with the user's spelling.</summary>
public sealed class ModelConfigErrorTests
{
    [Theory]
    [InlineData("ngram_k", "Ngram.K")]
    [InlineData("--ngram-k", "Ngram.K")]
    public void An_invalid_option_record_value_names_the_property_and_the_binding_names_the_setting_as_given(string spelling, string property)
    {
        var direct = () => (ModelConfig.Defaults with { Model = "TRAIN_V2", Ngram = new NgramOptions { K = 70 } }).Validate();
        direct.Should().Throw<ModelConfigException>().Where(e => e.Property == property && e.Message == $"{property}: 70 must be in [1, 64]");
        var bound = () => TrainSettings.Bind([new("model", "TRAIN_V2"), new(spelling, "70")]);
        bound.Should().Throw<ArgumentException>().WithMessage($"{spelling}: 70 must be in [1, 64]");
    }

    [Fact]
    public void Every_registry_option_names_a_property_that_exists_on_the_config()
    {
        foreach (var option in ModelOptions.All)
        {
            object? target = ModelConfig.Defaults;
            foreach (var part in option.Property.Split('.'))
            {
                var property = target!.GetType().GetProperty(part);
                property.Should().NotBeNull($"{option.Name} names {option.Property}");
                target = property!.GetValue(target);
            }
            ModelOptions.ForProperty(option.Property).Should().BeSameAs(option);
        }
    }

    [Fact]
    public void A_setting_a_family_does_not_read_is_refused_by_property_and_setting_name()
    {
        var hybrid = () => (ModelConfig.Defaults with { Model = "HYBRID", Jepa = new JepaOptions { Weight = 1f } }).Validate();
        hybrid.Should().Throw<ModelConfigException>().WithMessage("Jepa.Weight: the HYBRID family does not read this setting (jepa-weight)*");
    }
}
