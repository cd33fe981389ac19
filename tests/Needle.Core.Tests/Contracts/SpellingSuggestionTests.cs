using Needle.Core.Contracts;

namespace Needle.Core.Tests.Contracts;

public sealed class SpellingSuggestionTests
{
    private static readonly string[] Known = ["step", "seed", "split", "hyperband", "coq_theorem", "reviewed_by"];

    [Theory]
    [InlineData("steps", "step")]
    [InlineData("hyperbnad", "hyperband")]
    [InlineData("coq_theorm", "coq_theorem")]
    [InlineData("Reviewed-By", "reviewed_by")]
    public void A_near_miss_names_the_field_it_was_meant_to_be(string given, string meant) =>
        SpellingSuggestion.Closest(given, Known).Should().Be(meant);

    [Theory]
    [InlineData("colour")] // nothing close
    [InlineData("sted")]   // one edit from 'step' and one from 'seed': no guess
    public void A_far_or_ambiguous_name_gets_no_guess(string given) =>
        SpellingSuggestion.Closest(given, Known).Should().BeNull();
}
