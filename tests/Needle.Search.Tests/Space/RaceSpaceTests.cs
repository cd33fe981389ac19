using Needle.Core.Rungs;
using Needle.Core.Seeds;
using Needle.Search.Space;

namespace Needle.Search.Tests.Space;

public sealed class RaceSpaceTests
{
    private const string Valid = """
        {
          "name": "demo",
          "model": "HYBRID",
          "format": "FP32",
          "tag": "WSD",
          "experimentIdStart": 5,
          "seeds": [200, 201],
          "configs": [ { "lr": 0.004, "hidden": 256, "tied": true }, { "lr": "2e-3" } ]
        }
        """;

    [Fact]
    public void Trials_are_every_config_with_every_seed_named_by_the_canon()
    {
        var space = RaceSpace.Parse(Valid, "demo.json");
        var plan = StudyPlanner.Plan(space, RungLadder.SixRungPlan, 42);
        plan.Select(p => p.Spec.CanonName).Should().Equal(
            "IGLA-HYBRID-FP32-WSD-E0005-seed200", "IGLA-HYBRID-FP32-WSD-E0005-seed201",
            "IGLA-HYBRID-FP32-WSD-E0006-seed200", "IGLA-HYBRID-FP32-WSD-E0006-seed201");
        plan[0].Spec.Config.Should().BeEquivalentTo(new Dictionary<string, string> { ["lr"] = "0.004", ["hidden"] = "256", ["tied"] = "true" });
        plan.Should().OnlyContain(p => p.Bracket == 0);
    }

    [Fact]
    public void Phi_seeds_use_the_phi_anchored_sequence()
    {
        var space = RaceSpace.Parse(Valid.Replace("\"seeds\": [200, 201]", "\"phiSeeds\": 2"), "x.json");
        space.Seeds.Should().Equal(PhiAnchoredSeeds.Seed(1), PhiAnchoredSeeds.Seed(2));
    }

    [Fact]
    public void Hyperband_assignment_is_seeded_and_fills_every_bracket()
    {
        var many = Valid.Replace("\"seeds\": [200, 201]", "\"seeds\": [" + string.Join(",", Enumerable.Range(1, 300)) + "]")
            .Replace("\"format\": \"FP32\",", "\"format\": \"FP32\", \"hyperband\": true,");
        var space = RaceSpace.Parse(many, "hb.json");
        var a = StudyPlanner.Plan(space, RungLadder.ThreeFoldPlan, 7).Select(p => p.Bracket).ToList();
        a.Should().Equal(StudyPlanner.Plan(space, RungLadder.ThreeFoldPlan, 7).Select(p => p.Bracket));
        a.Should().NotEqual(StudyPlanner.Plan(space, RungLadder.ThreeFoldPlan, 8).Select(p => p.Bracket));
        a.Distinct().Order().Should().Equal(0, 1, 2, 3);
        // Hyperband's proportions 27:12:6:4 of 49 → bracket 0 gets about 55% of 600 trials.
        a.Count(b => b == 0).Should().BeInRange(280, 380);
    }

    [Theory]
    [InlineData("\"model\": \"HYBRID\",", "", 1, "field 'model' is required")]
    [InlineData("\"experimentIdStart\": 5,", "\"experimentIdStart\": 0,", 6, "field 'experimentIdStart'")]
    [InlineData("\"seeds\": [200, 201],", "\"seeds\": [200, 200],", 7, "duplicate seed")]
    [InlineData("\"seeds\": [200, 201],", "\"seeds\": [-1],", 7, "field 'seeds[0]'")]
    [InlineData("\"tied\": true", "\"tied\": [1]", 8, "strings, numbers or booleans")]
    [InlineData("\"format\": \"FP32\",", "\"format\": \"FP32\"", 5, "not valid JSON")]
    public void Errors_name_the_file_the_line_and_the_field(string from, string to, int line, string what)
    {
        var act = () => RaceSpace.Parse(Valid.Replace(from, to), "space.json");
        act.Should().Throw<SpaceFileException>().WithMessage($"space.json:{line}: *{what}*");
    }

    [Fact]
    public void A_missing_file_says_what_to_pass() =>
        ((Action)(() => RaceSpace.Load("/nonexistent/space.json"))).Should().Throw<SpaceFileException>().WithMessage("*not found*--space*");
}
