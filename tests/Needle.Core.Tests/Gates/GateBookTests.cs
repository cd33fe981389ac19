using Needle.Core.Gates;

namespace Needle.Core.Tests.Gates;

public sealed class GateBookTests
{
    private const string Valid = """
        {"pinned_corpus_sha256":"86c4","canonical_split":"val-last-100000","plausibility_band_min":0.85,
         "plausibility_band_max":2.30,"architectural_floor":1.89,"reproduction_tolerance":0.01,
         "training_since":"7d9f1f04576cedca680440835684a58c58bd9ae1","embargo_hours":24,
         "gates":[{"name":"g","target_bpb":1.5,"seeds":[1,2,3],"min_distinct_seeds":3,"min_step":4000,"mu0":1.55,"alpha":0.01}]}
        """;

    [Fact]
    public void Parses_a_valid_book() =>
        GateBook.Parse(Valid, "gates.json").Find("g").Seeds.Should().Equal(1, 2, 3);

    [Theory]
    [InlineData("\"mu0\":1.55", "\"mu0\":\"1.55\"", "gates.json: gates[0].mu0: must be a finite number")]
    [InlineData("\"seeds\":[1,2,3]", "\"seeds\":[1,1,3]", "gates.json: gates[0].seeds: must be distinct")]
    [InlineData("\"min_distinct_seeds\":3", "\"min_distinct_seeds\":4", "gates.json: gates[0].min_distinct_seeds: *")]
    [InlineData("\"alpha\":0.01", "\"alpha\":1", "gates.json: gates[0].alpha: must be in (0, 1)")]
    [InlineData("\"architectural_floor\":1.89,", "", "gates.json: architectural_floor: missing")]
    [InlineData("\"training_since\":\"7d9f1f04576cedca680440835684a58c58bd9ae1\"", "\"training_since\":\"HEAD~3\"", "gates.json: training_since: 'HEAD~3' must be a full commit id*")]
    [InlineData("\"embargo_hours\":24", "\"embargo_hours\":-1", "gates.json: embargo_hours must not be negative")]
    public void Invalid_books_name_file_and_field(string from, string to, string message)
    {
        var act = () => GateBook.Parse(Valid.Replace(from, to, StringComparison.Ordinal), "gates.json");
        act.Should().Throw<GateBookException>().WithMessage(message);
    }

    [Fact]
    public void Unknown_gate_names_the_known_ones()
    {
        var act = () => GateBook.Parse(Valid, "gates.json").Find("gate-9");
        act.Should().Throw<GateBookException>().WithMessage("*unknown gate 'gate-9'*known gates: g*");
    }
}
