using System.Text.RegularExpressions;
using Needle.Reporting.Plots;
using Needle.Reporting.StudyReports;

namespace Needle.Reporting.Tests.StudyReports;

/// <summary>
/// The report the way a person sees it: the page written for a raced study, opened from disk by headless Chromium,
/// screenshot, and the pixels checked — not blank, and the charts really drawn (the first series' colour covers
/// far more of the page than the table swatch alone would; a copy of the page without its SVGs is the control).
/// </summary>
public sealed partial class ReportScreenshotTests : IDisposable
{
    private const int Width = 1200;
    private const int Height = 3000;

    /// <summary>
    /// Pixels of series 0's colour: measured 832 with the charts (trial #0's curve, the hunt's "Leading" squares) and
    /// 169 without (the table swatch), Chromium 156 on Debian 12; the threshold sits between them.
    /// </summary>
    private const int DrawnSeriesPixels = 500;

    private readonly RacedStudy _study = new();

    public void Dispose() => _study.Dispose();

    [Fact]
    public void Chromium_shows_a_page_that_is_not_blank_and_has_its_charts_drawn()
    {
        HeadlessChromium.Require();
        var folder = Path.Combine(_study.Directory, "r");
        StudyReportWriter.Write(_study.Report(), folder, "needle report --study race.db");
        var page = Path.Combine(folder, StudyReportWriter.HtmlFile);
        var withoutCharts = Path.Combine(folder, "control.html");
        File.WriteAllText(withoutCharts, InlineSvg().Replace(File.ReadAllText(page), ""));

        var shot = Path.Combine(_study.Directory, "page.png");
        var controlShot = Path.Combine(_study.Directory, "control.png");
        HeadlessChromium.Screenshot(page, shot, Width, Height);
        HeadlessChromium.Screenshot(withoutCharts, controlShot, Width, Height);

        var pixels = new ScreenshotPixels(shot);
        var control = new ScreenshotPixels(controlShot);
        (pixels.Width, pixels.Height).Should().Be((Width, Height));
        pixels.NonBackgroundShare.Should().BeGreaterThan(0.05, "a rendered report covers more than 5% of the viewport with text, tables and charts");
        pixels.LuminanceVariance.Should().BeGreaterThan(100);
        var seriesColor = ChartStyle.Hex(ChartStyle.SeriesColor(0));
        var (drawn, undrawn) = (pixels.CountNear(seriesColor), control.CountNear(seriesColor));
        undrawn.Should().BeLessThan(DrawnSeriesPixels, $"without the SVGs only the table swatch has that colour ({drawn} pixels with them)");
        drawn.Should().BeGreaterThan(DrawnSeriesPixels, $"the learning curve of trial #0 and the hunt chart are drawn ({undrawn} pixels without them)");
    }

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex InlineSvg();
}
