namespace Needle.Core.Markdown;

/// <summary>One column of a <see cref="MarkdownTable"/>: its header and whether its cells align right (numbers).</summary>
public sealed record MarkdownColumn(string Header, bool RightAligned)
{
    /// <summary>A left-aligned column (text).</summary>
    public static MarkdownColumn Left(string header) => new(header, false);

    /// <summary>A right-aligned column (numbers, so their digits line up).</summary>
    public static MarkdownColumn Right(string header) => new(header, true);
}
