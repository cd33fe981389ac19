using Needle.Core.Markdown;
using static Needle.Core.Markdown.MarkdownColumn;

namespace Needle.Core.Tests.Markdown;

public sealed class MarkdownTableTests
{
    [Fact]
    public void Renders_the_header_the_alignment_line_and_each_row()
    {
        var table = new MarkdownTable(Right("#"), Left("name")).Add("1", "a").Add("22", "b");
        table.ToString().Should().Be("| # | name |\n|---:|---|\n| 1 | a |\n| 22 | b |\n".ReplaceLineEndings());
    }

    [Fact]
    public void A_pipe_or_a_line_break_in_a_value_cannot_split_a_row()
    {
        var text = new MarkdownTable("state").Add("Killed: a|b\nsecond line").ToString();
        text.Should().Be("| state |\n|---|\n| Killed: a\\|b second line |\n".ReplaceLineEndings());
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_names_the_columns()
    {
        var add = () => new MarkdownTable("a", "b").Add("only one");
        add.Should().Throw<ArgumentException>().WithMessage("a row of this table has 2 cells (a, b), not 1*");
    }
}
