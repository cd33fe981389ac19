using Needle.Search.Space;

namespace Needle.Search.Tests.Space;

/// <summary>A space may carry its own ladder and report cadence (the shipped spaces do); bad ones name the line.</summary>
public sealed class SpaceLadderTests
{
    private static string Space(string extra) => $$"""
        { "name": "s", "model": "HYBRID", "format": "FP32", "experimentIdStart": 1, "seeds": [1],
          {{extra}}
          "configs": [ { "lr": 0.004 } ] }
        """;

    [Fact]
    public void Ladder_and_report_cadence_are_read()
    {
        var space = RaceSpace.Parse(Space("\"ladder\": \"500,2000,8000:4\", \"reportEvery\": 100,"), "s.json");
        space.Ladder!.Steps.Should().Equal(500, 2000, 8000);
        space.Ladder.Eta.Should().Be(4);
        space.ReportEvery.Should().Be(100);
        space.FillBudget.Should().BeFalse("a space stretches its ladder only when it says so");
        RaceSpace.Parse(Space("\"ladder\": \"500,2000:4\", \"fillBudget\": true,"), "s.json").FillBudget.Should().BeTrue();
    }

    [Fact]
    public void Without_them_the_command_line_decides()
    {
        var space = RaceSpace.Parse(Space(""), "s.json");
        space.Ladder.Should().BeNull();
        space.ReportEvery.Should().BeNull();
    }

    [Theory]
    [InlineData("\"ladder\": \"five\",", "ladder")]
    [InlineData("\"ladder\": 500,", "ladder")]
    [InlineData("\"ladder\": \"500,2000:4\", \"reportEvery\": 300,", "reportEvery")]
    [InlineData("\"reportEvery\": 0,", "reportEvery")]
    [InlineData("\"fillBudget\": true,", "fillBudget")]
    [InlineData("\"ladder\": \"500,2000:4\", \"fillBudget\": \"yes\",", "fillBudget")]
    public void A_bad_ladder_or_cadence_names_the_file_line_and_field(string extra, string field)
    {
        var act = () => RaceSpace.Parse(Space(extra), "s.json");
        act.Should().Throw<SpaceFileException>().Which.Message.Should().StartWith("s.json:2:").And.Contain($"'{field}'");
    }
}
