using Needle.Search.History;
using Needle.Search.Space;

namespace Needle.Search.Tests.History;

/// <summary>
/// spaces/history.json is checked against schemas/history-space.schema.json: a realistic mistake is named by file, line
/// and field with what to write; the rules the schema cannot state (seeds apart from extraSeeds, unique ids) still hold.
/// </summary>
public sealed class HistorySpaceSchemaTests
{
    private const string Space = """
        { "name": "h", "masterSeed": 5, "ladder": [20, 60], "eta": 3, "reportEvery": 10,
          "seeds": [1], "extraSeeds": [2],
          "configs": [
            { "id": "H0001", "origin": "phi-grid", "multiSeed": true, "model": "attn", "d_model": 16, "layers": 1, "heads": 2 },
            { "id": "H0002", "origin": "random", "model": "TRAIN_V2", "d_model": 16, "hidden": 32 } ] }
        """;

    private static Action Parse(string from, string to)
    {
        var json = Space.Replace(from, to, StringComparison.Ordinal);
        json.Should().NotBe(Space);
        return () => HistorySpace.Parse(json, "h.json");
    }

    [Fact]
    public void The_sample_space_parses() => HistorySpace.Parse(Space, "h.json").Configs.Should().HaveCount(2);

    [Theory]
    [InlineData("\"multiSeed\": true", "\"multiSeed\": \"yes\"", "h.json:4: field 'configs[0].multiSeed' is \"yes\"; it must be whether the config also trains on extraSeeds: true or false. Fix the space file and run again.")]
    [InlineData("\"eta\": 3", "\"eta\": 1", "h.json:1: field 'eta' is 1; it must be the rungs' reduction factor: an integer in 2..1000. Fix the space file and run again.")]
    [InlineData("\"d_model\": 16, \"hidden\"", "\"d_model\": [16], \"hidden\"", "h.json:5: field 'configs[1].d_model' is an array of 1; it must be an engine setting of the config (model, format, d_model, lr, …): a string, number or boolean. Fix the space file and run again.")]
    [InlineData("\"origin\": \"random\", ", "", "h.json:5: field 'configs[1].origin' is required: how the config was chosen (lr-grid, phi-grid, random, format): a non-empty string. Fix the space file and run again.")]
    [InlineData("\"extraSeeds\"", "\"extraseeds\"", "h.json:2: field 'extraseeds' is not a field here (known: $schema, about, configs, eta, extraSeeds, fixed, ladder, masterSeed, name, reportEvery, seeds); did you mean 'extraSeeds'? Fix its spelling or remove it. Fix the space file and run again.")]
    [InlineData("\"seeds\": [1]", "\"seeds\": [1, 1]", "h.json:2: field 'seeds' is an array of 2; it must be the seeds every config trains with: a non-empty array of distinct integers in 0..4294967295. Fix the space file and run again.")]
    public void A_mistake_the_schema_states_is_named_by_file_line_and_field(string from, string to, string message) =>
        Parse(from, to).Should().Throw<SpaceFileException>().Which.Message.Should().Be(message);

    [Theory]
    [InlineData("\"extraSeeds\": [2]", "\"extraSeeds\": [2, 1]", "h.json:2: field 'extraSeeds' repeats seed 1 of seeds; an extra seed must be one the configs do not already train with. Fix the space file and run again.")]
    [InlineData("\"id\": \"H0002\"", "\"id\": \"H0001\"", "h.json:4: field 'H0001' is a duplicate config id. Fix the space file and run again.")]
    [InlineData("\"ladder\": [20, 60]", "\"ladder\": [60, 20]", "h.json:1: field 'ladder' *")]
    [InlineData("\"reportEvery\": 10", "\"reportEvery\": 7", "h.json:1: field 'reportEvery' 7 must divide every rung. Fix the space file and run again.")]
    public void A_rule_the_schema_cannot_state_is_still_checked(string from, string to, string message) =>
        Parse(from, to).Should().Throw<SpaceFileException>().WithMessage(message);
}
