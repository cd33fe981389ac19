using Needle.Search.Space;

namespace Needle.Search.Tests.Space;

/// <summary>schemas/race-space.schema.json is the space file's contract; its violations still name file, line and field.</summary>
public sealed class RaceSpaceSchemaTests
{
    private const string Valid = """
        { "name": "s", "model": "HYBRID", "format": "FP32", "experimentIdStart": 1,
          "seeds": [1],
          "configs": [ { "lr": 0.004 } ] }
        """;

    [Fact]
    public void Whole_numbers_written_with_a_fraction_are_read_as_the_schema_accepts_them()
    {
        var space = RaceSpace.Parse(Valid.Replace("\"experimentIdStart\": 1", "\"experimentIdStart\": 7.0, \"minimumStep\": 300.0")
            .Replace("\"seeds\": [1]", "\"seeds\": [42.0, 43]"), "s.json");
        space.ExperimentIdStart.Should().Be(7);
        space.Seeds.Should().Equal(42u, 43u);
        space.MinimumStep.Should().Be(300);
    }

    [Fact]
    public void A_number_with_a_real_fraction_is_refused_by_the_contract()
    {
        var act = () => RaceSpace.Parse(Valid.Replace("\"experimentIdStart\": 1", "\"experimentIdStart\": 1.5"), "s.json");
        act.Should().Throw<SpaceFileException>().WithMessage("s.json:1: field 'experimentIdStart' *");
    }

    [Fact]
    public void A_misspelt_field_is_refused_not_ignored()
    {
        var act = () => RaceSpace.Parse(Valid.Replace("\"seeds\": [1],", "\"seeds\": [1], \"hyperbnad\": true,"), "s.json");
        act.Should().Throw<SpaceFileException>().WithMessage("s.json:2: field 'hyperbnad' is not a field here (known: *hyperband*");
    }

    [Fact]
    public void Seeds_and_phi_seeds_together_are_refused()
    {
        var act = () => RaceSpace.Parse(Valid.Replace("\"seeds\": [1],", "\"seeds\": [1], \"phiSeeds\": 2,"), "s.json");
        act.Should().Throw<SpaceFileException>().WithMessage("s.json:2: field 'phiSeeds' does not belong here: give exactly one of 'seeds' (the list) or 'phiSeeds' (a count), not both*");
    }

    [Fact]
    public void Neither_seeds_nor_phi_seeds_is_refused()
    {
        var act = () => RaceSpace.Parse(Valid.Replace("\"seeds\": [1],", ""), "s.json");
        act.Should().Throw<SpaceFileException>().WithMessage("s.json:1: field 'phiSeeds' is required: give exactly one of 'seeds' (the list) or 'phiSeeds' (a count)*");
    }

    [Fact]
    public void A_value_of_the_wrong_type_says_what_the_field_must_be()
    {
        var act = () => RaceSpace.Parse(Valid.Replace("\"experimentIdStart\": 1", "\"experimentIdStart\": \"one\""), "s.json");
        act.Should().Throw<SpaceFileException>().WithMessage("s.json:1: field 'experimentIdStart' is \"one\"; it must be the first config's E-number: an integer in 1..9999*");
    }

    [Theory]
    [InlineData("default.json")]
    [InlineData("quick.json")]
    public void The_shipped_spaces_meet_the_schema(string file) =>
        RaceSpace.Load(Path.Combine(RepoPaths.Root, "spaces", file)).Configs.Should().NotBeEmpty();
}
