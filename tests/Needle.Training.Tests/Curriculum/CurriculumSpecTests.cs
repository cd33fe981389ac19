using Needle.Training.Curriculum;
using Needle.Training.Run;

namespace Needle.Training.Tests.Curriculum;

public sealed class CurriculumSpecTests
{
    [Theory]
    [InlineData("off", null)]
    [InlineData("OFF", null)]
    [InlineData("median", 0.5)]
    [InlineData("0.7", 0.7)]
    [InlineData(" 0.25 ", 0.25)]
    public void Parse_reads_off_median_and_a_quantile(string text, double? quantile)
    {
        var spec = CurriculumSpec.Parse(text);
        spec?.Quantile.Should().Be(quantile);
        (spec is null).Should().Be(quantile is null);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1.5")]
    [InlineData("-0.2")]
    [InlineData("NaN")]
    [InlineData("hard")]
    public void Parse_refuses_anything_else_naming_the_option(string text) =>
        FluentActions.Invoking(() => CurriculumSpec.Parse(text)).Should().Throw<ArgumentException>().WithMessage("curriculum:*");

    [Theory]
    [InlineData("off")]
    [InlineData("median")]
    [InlineData("0.7")]
    public void Format_round_trips(string text) =>
        CurriculumSpec.Format(CurriculumSpec.Parse(text)).Should().Be(text);

    [Fact]
    public void Off_leaves_the_config_json_and_hash_as_they_were_before_V7()
    {
        var before = TrainConfig.Defaults;
        var off = before with { Curriculum = CurriculumSpec.Parse("off") };
        off.ToJson().Should().NotContain("curriculum");
        off.Hash().Should().Be(before.Hash());
        var on = before with { Curriculum = CurriculumSpec.Parse("median") };
        on.ToJson().Should().Contain("\"curriculum\":{\"quantile\":0.5}");
        on.Hash().Should().NotBe(before.Hash(), "V7 is a lever: a run with it is another configuration");
        TrainConfig.FromJson(on.ToJson()).Should().Be(on);
    }

    [Fact]
    public void A_config_with_a_bad_quantile_fails_validation() =>
        FluentActions.Invoking(() => (TrainConfig.Defaults with { Curriculum = new CurriculumSpec { Quantile = 1 } }).Validate())
            .Should().Throw<ArgumentException>().WithMessage("curriculum: quantile 1*");
}
