using System.Text.RegularExpressions;
using ScottPlot;

namespace Needle.Reporting.Plots;

/// <summary>
/// Renders a ScottPlot <see cref="Plot"/> to SVG text that is the same bytes for the same data, so the files can be
/// snapshot-tested and diffed, and several of them can be embedded inline in one HTML page.
/// What ScottPlot (through SkiaSharp's SVG canvas) would otherwise make unstable, measured on 5.1.59:
/// - clip paths are named <c>cl_N</c> from a process-wide counter, so the second rendering of the same plot differs
///   from the first, and two inline SVGs in one page can carry the same id (a browser then clips one plot with the
///   other's rectangle); they are renumbered from 1 per document and prefixed with a name unique in the page;
/// - text is measured with whatever typeface the machine resolves for the default font (here "DejaVu Serif"); the
///   typeface is set explicitly (<see cref="ChartStyle.FontName"/>, Debian's fonts-dejavu-core), so the glyph positions
///   depend only on that font's version, not on the font search order.
/// Nothing else in the output depends on time, host or randomness (no timestamps, no generated ids).
/// </summary>
public static partial class StableSvg
{
    /// <summary>SVG text of <paramref name="plot"/> at <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    /// <param name="plot">The plot to render.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="idPrefix">Prefix of every id in the document (letters, digits, '-'): unique per page.</param>
    public static string Render(Plot plot, int width, int height, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(plot);
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"size {width}×{height} must be positive");
        if (!IdPrefixPattern().IsMatch(idPrefix))
            throw new ArgumentException($"id prefix '{idPrefix}' must start with a letter and hold only letters, digits and '-'", nameof(idPrefix));
        var raw = plot.GetSvgXml(width, height);
        return RenumberIds(raw, idPrefix).ReplaceLineEndings("\n");
    }

    /// <summary>Renames every <c>id="X"</c> (and its <c>url(#X)</c> / <c>href="#X"</c> uses) to prefix-1, prefix-2, … in order of appearance.</summary>
    internal static string RenumberIds(string svg, string idPrefix)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in IdAttribute().Matches(svg))
        {
            var old = m.Groups[1].Value;
            if (!names.ContainsKey(old)) names[old] = $"{idPrefix}-{names.Count + 1}";
        }
        if (names.Count == 0) return svg;
        svg = IdAttribute().Replace(svg, m => $"id=\"{names[m.Groups[1].Value]}\"");
        svg = UrlReference().Replace(svg, m => names.TryGetValue(m.Groups[1].Value, out var n) ? $"url(#{n})" : m.Value);
        return HrefReference().Replace(svg, m => names.TryGetValue(m.Groups[2].Value, out var n) ? $"{m.Groups[1].Value}\"#{n}\"" : m.Value);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex IdPrefixPattern();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("((?:xlink:)?href=)\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
