using Needle.Reporting.Plots;

namespace Needle.Reporting.Tests.Plots;

public sealed class StableSvgTests
{
    private static string Chart(string prefix) => LearningCurveChart.Svg("curves", [Trials.Decaying("a", 3.0, 8), Trials.Decaying("b", 3.3, 5)], prefix);

    [Fact]
    public void The_same_data_renders_to_the_same_bytes_every_time()
    {
        // ScottPlot numbers clip paths from a process-wide counter: without renumbering the second copy differs.
        var first = Chart("lc");
        var second = Chart("lc");
        second.Should().Be(first);
    }

    [Fact]
    public void Every_id_carries_the_prefix_is_unique_and_every_reference_resolves()
    {
        var svg = new SvgInspector(Chart("curves-7"));
        var ids = svg.Document.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
        ids.Should().NotBeEmpty().And.OnlyHaveUniqueItems().And.OnlyContain(id => id.StartsWith("curves-7-", StringComparison.Ordinal));
        var references = svg.Document.Descendants().Select(e => (string?)e.Attribute("clip-path")).OfType<string>().Select(u => u[5..^1]).ToList();
        references.Should().NotBeEmpty().And.OnlyContain(r => ids.Contains(r));
    }

    [Fact]
    public void Two_charts_with_different_prefixes_share_no_id_so_both_can_sit_in_one_page()
    {
        static HashSet<string> Ids(string s) => new SvgInspector(s).Document.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToHashSet();
        Ids(Chart("one")).Overlaps(Ids(Chart("two"))).Should().BeFalse();
    }

    [Fact]
    public void Renumbering_rewrites_ids_urls_and_hrefs_in_order_of_appearance()
    {
        const string raw = "<svg><clipPath id=\"cl_9\"/><g clip-path=\"url(#cl_9)\"/><clipPath id=\"cl_3\"/><use xlink:href=\"#cl_3\"/></svg>";
        StableSvg.RenumberIds(raw, "p").Should().Be(
            "<svg><clipPath id=\"p-1\"/><g clip-path=\"url(#p-1)\"/><clipPath id=\"p-2\"/><use xlink:href=\"#p-2\"/></svg>");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("a b")]
    [InlineData("a\"b")]
    public void An_id_prefix_that_would_break_the_markup_is_refused(string prefix) =>
        FluentActions.Invoking(() => Chart(prefix)).Should().Throw<ArgumentException>().WithMessage("*id prefix*");

    [Fact]
    public void Text_uses_the_named_typeface_not_the_machine_default()
    {
        var families = new SvgInspector(Chart("lc")).All("text").Select(t => (string?)t.Attribute("font-family")).Distinct().ToList();
        families.Should().Equal(ChartStyle.FontName);
    }
}
