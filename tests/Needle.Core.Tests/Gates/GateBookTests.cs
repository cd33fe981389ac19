using Needle.Core.Gates;

namespace Needle.Core.Tests.Gates;

public sealed class GateBookTests
{
    private const string Valid = """
        {"pinned_corpus_sha256":"86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed","canonical_split":"val-last-100000","plausibility_band_min":0.85,
         "plausibility_band_max":2.30,"architectural_floor":1.89,"reproduction_tolerance":0.01,
         "training_since":"7d9f1f04576cedca680440835684a58c58bd9ae1","embargo_hours":24,
         "gates":[{"name":"g","target_bpb":1.5,"seeds":[1,2,3],"min_distinct_seeds":3,"min_step":4000,"mu0":1.55,"alpha":0.01}]}
        """;

    [Fact]
    public void Parses_a_valid_book() =>
        GateBook.Parse(Valid, "gates.json").Find("g").Seeds.Should().Equal(1, 2, 3);

    [Theory]
    [InlineData("\"mu0\":1.55", "\"mu0\":\"1.55\"", "gates.json:4: field 'gates[0].mu0' is \"1.55\"; it must be the BPB the seeds are tested against: a finite number*")]
    [InlineData("\"seeds\":[1,2,3]", "\"seeds\":[1,1,3]", "gates.json:4: field 'gates[0].seeds' is an array of 3; it must be the gate's seeds: at least two distinct integers*")]
    [InlineData("\"min_distinct_seeds\":3", "\"min_distinct_seeds\":4", "gates.json:4: field 'gates[0].min_distinct_seeds' is 4, more than the gate's 3 seeds*")]
    [InlineData("\"alpha\":0.01", "\"alpha\":1", "gates.json:4: field 'gates[0].alpha' is 1; it must be the significance level: a number in (0, 1)*")]
    [InlineData("\"architectural_floor\":1.89,", "", "gates.json:1: field 'architectural_floor' is required: the BPB below which*")]
    [InlineData("\"training_since\":\"7d9f1f04576cedca680440835684a58c58bd9ae1\"", "\"training_since\":\"HEAD~3\"", "gates.json:3: field 'training_since' is \"HEAD~3\"; it must be the commit that added the training engine: a full commit id*")]
    [InlineData("\"embargo_hours\":24", "\"embargo_hours\":-1", "gates.json:3: field 'embargo_hours' is -1; it must be hours before a reproduced result counts: a non-negative number*")]
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
