using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Needle.Reporting.Tests;

/// <summary>
/// Reads an SVG the way a test needs to: parses it as XML (so a malformed file fails here), and finds what was drawn
/// inside the data area — the clip rectangle of the first clipped group — as opposed to the legend or the axes.
/// </summary>
internal sealed partial class SvgInspector
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public XDocument Document { get; }

    public SvgInspector(string svgText)
    {
        Document = XDocument.Parse(svgText);
        if (Document.Root?.Name != Svg + "svg") throw new InvalidOperationException($"root element is {Document.Root?.Name}, not svg");
    }

    public IEnumerable<XElement> All(string localName) => Document.Descendants(Svg + localName);

    /// <summary>The groups clipped to the data area (the rectangle of the first clip path; the legend has another).</summary>
    public IReadOnlyList<XElement> DataGroups()
    {
        var clips = All("clipPath").ToDictionary(c => (string)c.Attribute("id")!, c => RectKey(c.Element(Svg + "rect")!));
        if (clips.Count == 0) return [];
        var dataRect = RectKey(All("clipPath").First().Element(Svg + "rect")!);
        return All("g").Where(g => g.Attribute("clip-path") is { } a && clips[UrlTarget(a.Value)] == dataRect).ToList();
    }

    /// <summary>Data-area paths drawn as lines (no fill) in <paramref name="strokeHex"/> with the given width.</summary>
    public IReadOnlyList<XElement> DataLines(string strokeHex, string strokeWidth) =>
        DataGroups().SelectMany(g => g.Elements(Svg + "path"))
            .Where(p => (string?)p.Attribute("fill") == "none"
                        && string.Equals((string?)p.Attribute("stroke"), strokeHex, StringComparison.OrdinalIgnoreCase)
                        && (string?)p.Attribute("stroke-width") == strokeWidth)
            .ToList();

    /// <summary>Data-area filled paths in <paramref name="fillHex"/> whose opacity is below 1 (bands).</summary>
    public IReadOnlyList<XElement> DataBands(string fillHex) =>
        DataGroups().SelectMany(g => g.Elements(Svg + "path"))
            .Where(p => string.Equals((string?)p.Attribute("fill"), fillHex, StringComparison.OrdinalIgnoreCase)
                        && p.Attribute("fill-opacity") is { } o && double.Parse(o.Value, CultureInfo.InvariantCulture) < 1)
            .ToList();

    /// <summary>Data-area circles (ScottPlot's round markers) in <paramref name="fillHex"/>.</summary>
    public IReadOnlyList<XElement> DataDots(string fillHex) =>
        DataGroups().SelectMany(g => g.Elements(Svg + "ellipse"))
            .Where(e => string.Equals((string?)e.Attribute("fill"), fillHex, StringComparison.OrdinalIgnoreCase))
            .ToList();

    /// <summary>All text drawn, trimmed.</summary>
    public IReadOnlyList<string> Texts() => All("text").Select(t => t.Value.Trim()).ToList();

    /// <summary>The vertices of a path made of one M and then L commands (a polyline).</summary>
    public static IReadOnlyList<(double X, double Y)> Vertices(XElement path)
    {
        var d = (string)path.Attribute("d")!;
        return PathCommand().Matches(d)
            .Select(m => (double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static string UrlTarget(string url) => url["url(#".Length..^1];

    private static string RectKey(XElement rect) =>
        string.Join(",", new[] { "x", "y", "width", "height" }.Select(a => (string?)rect.Attribute(a)));

    [GeneratedRegex(@"([ML])([-\d.e]+) ([-\d.e]+)")]
    private static partial Regex PathCommand();
}
