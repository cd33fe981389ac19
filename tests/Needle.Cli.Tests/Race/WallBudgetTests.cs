using Needle.Cli.Race;

namespace Needle.Cli.Tests.Race;

public sealed class WallBudgetTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("2m30s", 150)]
    [InlineData("0.5h", 1800)]
    public void Durations_are_read_as_a_person_writes_them(string text, double seconds) =>
        WallBudget.Parse(text).TotalSeconds.Should().Be(seconds);

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ten minutes")]
    [InlineData("0m")]
    [InlineData("5m1h")]
    public void Anything_else_is_refused_with_the_accepted_forms(string text)
    {
        var act = () => WallBudget.Parse(text);
        act.Should().Throw<Exception>().Which.Message.Should().Contain("--budget").And.Contain("10m");
    }

    [Fact]
    public void The_short_form_reads_back() =>
        new[] { WallBudget.Format(TimeSpan.FromSeconds(45)), WallBudget.Format(TimeSpan.FromSeconds(185)), WallBudget.Format(TimeSpan.FromMinutes(62)) }
            .Should().Equal("45s", "3m05s", "1h02m");
}
