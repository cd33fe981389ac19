using Needle.Cli.Race;
using Needle.Search.Space;

namespace Needle.Cli.Tests.Race;

/// <summary>The spaces in spaces/ are the ones the binary runs, and they are valid.</summary>
public sealed class ShippedSpacesTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("quick")]
    public void The_embedded_space_is_the_file_in_spaces_and_it_parses(string name)
    {
        var file = Path.Combine(RepoPaths.Root, "spaces", name + ".json");
        ShippedSpaces.Read(name).Should().Be(File.ReadAllText(file), "the binary embeds spaces/*.json at build time");
        var space = RaceSpace.Parse(ShippedSpaces.Read(name), file);
        space.Ladder.Should().NotBeNull("a shipped space carries the ladder it was sized for");
        space.ReportEvery.Should().NotBeNull();
        foreach (var (spec, _) in StudyPlanner.Plan(space, space.Ladder!, 1))
            Needle.Search.Running.EngineTrialConfig.From(spec, space.Ladder!.Steps[^1]).Model.Model.Should().Be("HYBRID", "every trial is one the engine can train");
    }

    [Fact]
    public void The_default_space_is_the_seed_hunt_workhorse()
    {
        var plan = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "plans", "seed-hunt.json")))!["base"]!;
        var space = RaceSpace.Parse(ShippedSpaces.Read("default"), "default.json");
        space.Model.Should().Be(plan["model"]!.GetValue<string>());
        foreach (var key in new[] { "d_model", "layers", "heads", "ctx", "hidden", "batch", "schedule" })
            space.Configs.Should().OnlyContain(c => c[key] == plan[key]!.GetValue<string>(), $"'{key}' is the plan's");
        space.Configs.Select(c => c["lr"]).Should().Contain(plan["lr"]!.GetValue<string>(), "the plan's learning rate is one of the raced ones");
    }

    [Fact]
    public void An_unknown_name_that_is_not_a_file_says_what_exists()
    {
        var act = () => ShippedSpaces.Resolve("no-such-space");
        act.Should().Throw<Exception>().Which.Message.Should().Contain("default, quick");
    }
}
