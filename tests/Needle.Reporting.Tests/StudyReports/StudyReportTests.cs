using System.Text.RegularExpressions;
using Needle.Reporting.Plots;
using Needle.Reporting.StudyReports;
using Needle.Search.Asha;
using Needle.Search.Curves;
using Needle.Testing.Snapshots;

namespace Needle.Reporting.Tests.StudyReports;

/// <summary>The report of a real raced study: its Markdown (snapshot), its SVGs (parsed, series counted) and its HTML (self-contained).</summary>
public sealed partial class StudyReportTests : IDisposable
{
    private readonly RacedStudy _study = new();

    public void Dispose() => _study.Dispose();

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Snapshot)]
    public void Markdown_report_of_a_raced_study()
    {
        var report = _study.Report();
        Snapshot.Verify(MarkdownStudyReport.Render(report, StudyReportCharts.Render(report), "needle report --study race.db"));
    }

    [Fact]
    public void The_race_left_what_the_report_must_show_fits_no_fits_prunes_and_promotions()
    {
        // Guards the fixture: if the race stopped producing these, the other tests would pass on an empty report.
        var report = _study.Report();
        report.Trials.Should().HaveCount(12);
        report.Trials.Should().Contain(t => t.Forecast is CurveForecast.Fitted);
        report.Trials.Should().Contain(t => t.Forecast is CurveForecast.InsufficientEvidence && t.Curve.Count > 0);
        report.Rungs.SelectMany(r => r.Decisions).Select(d => d.Outcome).Should().Contain([RungOutcome.Promote, RungOutcome.Stop]);
        report.Hunt.Should().NotBeEmpty();
    }

    [Fact]
    public void Learning_curve_svg_has_one_line_per_trial_with_its_points_a_band_per_fitted_trial_and_a_marker_per_rung_decision()
    {
        var report = _study.Report();
        var svg = new SvgInspector(StudyReportCharts.LearningCurves(report).Svg);
        for (var i = 0; i < report.Trials.Count; i++)
        {
            var trial = report.Trials[i];
            var hex = ChartStyle.Hex(ChartStyle.SeriesColor(i));
            SvgInspector.Vertices(svg.DataLines(hex, "2").Should().ContainSingle($"{trial.Label} is one line").Subject)
                .Should().HaveCount(trial.Curve.Count);
            svg.DataBands(hex).Should().HaveCount(trial.Forecast is CurveForecast.Fitted ? 1 : 0, $"{trial.Label}: {ReportText.Fit(trial.Forecast)}");
        }
        svg.Texts().Should().Contain(["promoted", "pruned"]);
    }

    [Fact]
    public void Hunt_svg_has_one_square_per_trial_and_rung_the_hunt_classified()
    {
        var report = _study.Report();
        var svg = new SvgInspector(StudyReportCharts.HuntStates(report).Svg);
        var squares = svg.DataGroups().SelectMany(g => g.Elements()).Count(e => e.Name.LocalName is "path" or "rect" && (string?)e.Attribute("fill") is { } f && f.StartsWith('#'));
        squares.Should().Be(report.Hunt.Sum(h => h.Rows.Count));
        svg.Texts().Should().Contain(report.Trials.Where(t => report.Hunt.Any(h => h.Rows.Any(r => r.TrialId == t.Id))).Select(t => t.Label));
    }

    [Fact]
    public void Written_folder_holds_the_page_the_markdown_and_every_svg_the_page_links_all_parseable()
    {
        var output = Path.Combine(_study.Directory, "r");
        var files = StudyReportWriter.Write(_study.Report(), output, "needle report --study race.db");
        files.Select(Path.GetFileName).Should().BeEquivalentTo([StudyReportCharts.LearningCurvesFile, StudyReportCharts.HuntStatesFile, StudyReportWriter.MarkdownFile, StudyReportWriter.HtmlFile]);
        foreach (var svg in files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal))) _ = new SvgInspector(File.ReadAllText(svg));
        var html = File.ReadAllText(Path.Combine(output, StudyReportWriter.HtmlFile));
        foreach (Match link in Href().Matches(html)) File.Exists(Path.Combine(output, link.Groups[1].Value)).Should().BeTrue($"the page links {link.Groups[1].Value}");
        Href().Matches(html).Should().NotBeEmpty();
    }

    [Fact]
    public void The_page_is_self_contained_no_script_no_stylesheet_link_no_remote_reference()
    {
        var report = _study.Report();
        var html = HtmlStudyReport.Render(report, StudyReportCharts.Render(report), "needle report --study race.db");
        html.Should().NotContainAny("<script", "<link", "<iframe", "<img", "@import", "url(http");
        // The only absolute URLs allowed are XML namespace names, which browsers never fetch.
        var urls = Url().Matches(html).Select(m => m.Value).Distinct().ToList();
        urls.Should().OnlyContain(u => u == "http://www.w3.org/2000/svg" || u == "http://www.w3.org/1999/xlink");
        html.Should().Contain("<svg").And.NotContain("<?xml");
    }

    [Fact]
    public void Inline_svgs_in_one_page_share_no_id()
    {
        var report = _study.Report();
        var ids = StudyReportCharts.Render(report)
            .SelectMany(c => new SvgInspector(c.Svg).Document.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>())
            .ToList();
        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_same_study_gives_the_same_files_byte_for_byte()
    {
        var a = Path.Combine(_study.Directory, "a");
        var b = Path.Combine(_study.Directory, "b");
        StudyReportWriter.Write(_study.Report(), a, "cmd");
        StudyReportWriter.Write(_study.Report(), b, "cmd");
        foreach (var f in System.IO.Directory.GetFiles(a))
            File.ReadAllBytes(Path.Combine(b, Path.GetFileName(f))).Should().Equal(File.ReadAllBytes(f), Path.GetFileName(f));
    }

    [Fact]
    public void A_trial_without_a_fit_is_drawn_without_a_band_and_the_page_says_why()
    {
        var report = _study.Report();
        var unfitted = report.Trials.First(t => t.Forecast is CurveForecast.InsufficientEvidence && t.Curve.Count > 0);
        var reason = ((CurveForecast.InsufficientEvidence)unfitted.Forecast).Reason;
        var md = MarkdownStudyReport.Render(report, StudyReportCharts.Render(report), "cmd");
        md.Should().Contain("drawn without a band").And.Contain("no fit: " + reason);
    }

    [Fact]
    public void With_no_result_at_the_minimum_step_the_leaderboard_says_so_and_labels_the_early_rows_as_not_results()
    {
        var report = _study.Report(minimumStep: 1_000_000);
        report.Leaderboard.Rows.Should().BeEmpty();
        report.Leaderboard.BestBelowMinimum.Should().NotBeEmpty();
        MarkdownStudyReport.Render(report, [], "cmd").Should().Contain("No trial has reported at step ≥ 1000000 yet").And.Contain("not results");
    }

    [GeneratedRegex("href=\"([^\"#:]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("https?://[^\"' )<>]+")]
    private static partial Regex Url();
}
