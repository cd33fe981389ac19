using System.Text;

namespace Needle.Core.Markdown;

/// <summary>
/// The one renderer of Markdown (GitHub pipe) tables in Needle's reports: a header line, the alignment line
/// (<c>---</c> left, <c>---:</c> right) and one line per row, each cell escaped by <see cref="Escape"/> so a '|' or a
/// line break in a value can never split a row.
/// </summary>
public sealed class MarkdownTable
{
    private readonly IReadOnlyList<MarkdownColumn> _columns;
    private readonly List<string[]> _rows = [];

    public MarkdownTable(params MarkdownColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        _columns = columns;
    }

    /// <summary>A table whose columns all align left.</summary>
    public MarkdownTable(params string[] headers) : this(headers.Select(MarkdownColumn.Left).ToArray())
    {
    }

    /// <summary>Adds a row: one cell per column, in column order.</summary>
    public MarkdownTable Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Count)
            throw new ArgumentException($"a row of this table has {_columns.Count} cells ({string.Join(", ", _columns.Select(c => c.Header))}), not {cells.Length}", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    /// <summary>Appends the header, the alignment line and the rows, each line ended by <see cref="StringBuilder.AppendLine()"/>.</summary>
    public StringBuilder AppendTo(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Line(text, _columns.Select(c => c.Header));
        text.Append('|');
        foreach (var c in _columns) text.Append(c.RightAligned ? "---:|" : "---|");
        text.AppendLine();
        foreach (var row in _rows) Line(text, row);
        return text;
    }

    public override string ToString() => AppendTo(new StringBuilder()).ToString();

    /// <summary>A value made safe for a cell: '|' escaped, line breaks folded into spaces.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
    }

    private static void Line(StringBuilder text, IEnumerable<string> cells)
    {
        text.Append('|');
        foreach (var cell in cells) text.Append(' ').Append(Escape(cell)).Append(" |");
        text.AppendLine();
    }
}
