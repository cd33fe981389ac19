using System.Text;

namespace Needle.Reporting.StudyReports;

/// <summary>Writes the report into a folder: index.html (self-contained), report.md, and the SVG charts both embed/reference.</summary>
public static class StudyReportWriter
{
    public const string HtmlFile = "index.html";
    public const string MarkdownFile = "report.md";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The files written, by full path, in the order written.</summary>
    public static IReadOnlyList<string> Write(StudyReport report, string outputDirectory, string command)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(outputDirectory);
        var charts = StudyReportCharts.Render(report);
        var written = new List<string>();
        void Put(string name, string text)
        {
            // Written whole to a temporary name, then moved: a reader never sees half a page.
            var path = Path.Combine(outputDirectory, name);
            var temp = path + ".tmp";
            File.WriteAllText(temp, text, Utf8);
            File.Move(temp, path, overwrite: true);
            written.Add(Path.GetFullPath(path));
        }
        foreach (var chart in charts) Put(chart.FileName, chart.Svg);
        Put(MarkdownFile, MarkdownStudyReport.Render(report, charts, command));
        Put(HtmlFile, HtmlStudyReport.Render(report, charts, command));
        return written;
    }
}
