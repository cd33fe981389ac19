using Needle.Reporting.Plots;

namespace Needle.Reporting.Tests.Plots;

/// <summary>What a reader must see in each chart, found in the SVG by colour and shape.</summary>
public sealed class ChartSeriesTests
{
    [Fact]
    public void Learning_curves_draw_one_line_per_trial_with_one_vertex_per_observed_point()
    {
        var trials = Enumerable.Range(0, 13).Select(i => Trials.Decaying($"trial {i}", 3 + 0.05 * i, 3 + i % 5)).ToList();
        var svg = new SvgInspector(LearningCurveChart.Svg("curves", trials, "lc"));
        for (var i = 0; i < trials.Count; i++)
        {
            var lines = svg.DataLines(ChartStyle.Hex(ChartStyle.SeriesColor(i)), "2");
            lines.Should().ContainSingle($"trial {i} is one line");
            SvgInspector.Vertices(lines[0]).Should().HaveCount(trials[i].Observed.Count);
        }
    }

    [Fact]
    public void A_fitted_trial_gets_a_band_and_an_unfitted_one_does_not()
    {
        var svg = new SvgInspector(LearningCurveChart.Svg("curves", [Trials.Decaying("fitted", 3, 6, withFit: true), Trials.Decaying("not fitted", 3.2, 6)], "lc"));
        svg.DataBands(ChartStyle.Hex(ChartStyle.SeriesColor(0))).Should().ContainSingle();
        svg.DataBands(ChartStyle.Hex(ChartStyle.SeriesColor(1))).Should().BeEmpty();
    }

    [Fact]
    public void Rung_marks_appear_as_markers_and_their_meaning_in_the_legend()
    {
        var marks = new[] { new RungMark(300, 2.6, RungMarkKind.Promoted), new RungMark(500, 2.5, RungMarkKind.Pruned) };
        var svg = new SvgInspector(LearningCurveChart.Svg("curves", [Trials.Decaying("t", 3, 5, marks: marks)], "lc"));
        svg.Texts().Should().Contain(["promoted", "pruned"]);
        var withMarks = svg.DataGroups().Count;
        var without = new SvgInspector(LearningCurveChart.Svg("curves", [Trials.Decaying("t", 3, 5)], "lc")).DataGroups().Count;
        withMarks.Should().Be(without + 2, "one marker group per kind of decision");
    }

    [Fact]
    public void Every_series_gets_its_own_colour_even_beyond_the_ten_classic_ones()
    {
        Enumerable.Range(0, 60).Select(i => ChartStyle.Hex(ChartStyle.SeriesColor(i))).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Band_chart_draws_each_series_as_a_line_inside_its_band()
    {
        var series = new[]
        {
            new BandSeries("random", [1, 2, 3, 4], [0.5, 0.4, 0.3, 0.25], [0.4, 0.3, 0.2, 0.2], [0.6, 0.5, 0.4, 0.3]),
            new BandSeries("asha", [1, 2, 3, 4], [0.4, 0.2, 0.1, 0.05], [0.3, 0.1, 0.05, 0.0], [0.5, 0.3, 0.2, 0.1]),
        };
        var svg = new SvgInspector(BandChart.Svg("regret", "seconds", "regret (BPB)", series, "regret"));
        for (var i = 0; i < series.Length; i++)
        {
            var hex = ChartStyle.Hex(ChartStyle.SeriesColor(i));
            SvgInspector.Vertices(svg.DataLines(hex, "2").Should().ContainSingle().Subject).Should().HaveCount(4);
            svg.DataBands(hex).Should().ContainSingle();
        }
        svg.Texts().Should().Contain(["random", "asha", "seconds"]);
    }

    [Fact]
    public void Scatter_draws_one_dot_per_point_and_shows_its_caption()
    {
        var points = Enumerable.Range(0, 9).Select(i => new PlotPoint(i, 3 - 0.1 * i)).ToList();
        var svg = new SvgInspector(ScatterChart.Svg("proxy vs BPB", "proxy", "BPB", points, "Spearman ρ = -1.00, n = 9", "scatter"));
        svg.DataDots(ChartStyle.Hex(ChartStyle.SeriesColor(0))).Should().HaveCount(9);
        svg.DataLines(ChartStyle.Hex(ChartStyle.SeriesColor(0)), "0").Should().BeEmpty();
        string.Join(" ", svg.Texts()).Should().Contain("Spearman ρ = -1.00, n = 9");
    }

    [Fact]
    public void State_timeline_labels_rows_and_colours_states_in_the_given_order()
    {
        string[] states = ["exploring", "promising", "dead"];
        var events = new[] { new StateEvent(0, 1, "exploring"), new StateEvent(0, 2, "promising"), new StateEvent(1, 1, "exploring"), new StateEvent(1, 2, "dead") };
        var svg = new SvgInspector(StateTimelineChart.Svg("hunt", "minutes", ["seed 7", "seed 9"], states, events, "hunt"));
        svg.Texts().Should().Contain(["seed 7", "seed 9", "exploring", "promising", "dead"]);
        for (var k = 0; k < states.Length; k++)
        {
            var hex = ChartStyle.Hex(ChartStyle.SeriesColor(k));
            var count = events.Count(e => e.State == states[k]);
            svg.DataGroups().SelectMany(g => g.Elements()).Count(e => string.Equals((string?)e.Attribute("fill"), hex, StringComparison.OrdinalIgnoreCase))
                .Should().Be(count, $"state {states[k]} was observed {count} times");
        }
    }

    [Fact]
    public void A_timeline_event_in_an_unknown_state_or_row_is_refused_with_what_was_wrong()
    {
        FluentActions.Invoking(() => StateTimelineChart.Svg("hunt", "x", ["seed 1"], ["a"], [new StateEvent(0, 1, "b")], "h"))
            .Should().Throw<ArgumentException>().WithMessage("*state 'b' is not one of a*");
        FluentActions.Invoking(() => StateTimelineChart.Svg("hunt", "x", ["seed 1"], ["a"], [new StateEvent(3, 1, "a")], "h"))
            .Should().Throw<ArgumentException>().WithMessage("*row 3 is outside 0..0*");
    }

    [Fact]
    public void A_band_whose_lower_edge_is_above_its_upper_edge_is_refused_naming_the_series_and_index()
    {
        var bad = new BandSeries("fit of 3", [1, 2], [1, 1], [0.9, 1.2], [1.1, 1.1]);
        FluentActions.Invoking(() => BandChart.Svg("t", "x", "y", [bad], "b")).Should().Throw<ArgumentException>().WithMessage("*'fit of 3'*index 1*");
    }

    [Fact]
    public void Empty_charts_say_there_is_no_data_instead_of_drawing_blank_axes()
    {
        string.Join(" ", new SvgInspector(LearningCurveChart.Svg("c", [], "e")).Texts()).Should().Contain("no learning-curve points yet");
        string.Join(" ", new SvgInspector(BandChart.Svg("c", "x", "y", [], "e")).Texts()).Should().Contain("no data");
    }
}
