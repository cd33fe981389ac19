using Needle.Reporting.Plots;
using Needle.Search.Curves;

namespace Needle.Reporting.Tests.Plots;

public sealed class CalibrationChartTests
{
    [Fact]
    public void One_line_per_predictor_and_family_with_a_vertex_per_rung_that_had_predictions()
    {
        CalibrationCell Cell(string predictor, long rung, string family, double? coverage) =>
            new(predictor, rung, family, 10, coverage is null ? 0 : 10, coverage, coverage is null ? null : 0.1, coverage is null ? null : 0.3, null);
        var cells = new[]
        {
            Cell("history", 100, "all", 0.94), Cell("history", 300, "all", 0.93), Cell("history", 900, "all", 0.95),
            Cell("power-law", 100, "all", null), Cell("power-law", 300, "all", 0.14), Cell("power-law", 900, "all", 0.22),
            Cell("power-law", 100, "JEPA-T", null), Cell("power-law", 300, "JEPA-T", null),
        };
        var svg = new SvgInspector(CalibrationChart.Svg(cells));
        // Series order: history·all, power-law·all, then the nominal line; power-law·JEPA-T never predicted: no line.
        SvgInspector.Vertices(svg.DataLines(ChartStyle.Hex(ChartStyle.SeriesColor(0)), "2").Single()).Should().HaveCount(3);
        SvgInspector.Vertices(svg.DataLines(ChartStyle.Hex(ChartStyle.SeriesColor(1)), "2").Single()).Should().HaveCount(2, "rung 100 had no power-law prediction");
        SvgInspector.Vertices(svg.DataLines(ChartStyle.Hex(ChartStyle.SeriesColor(2)), "2").Single()).Should().HaveCount(3, "the nominal 95% spans every rung");
        svg.DataLines(ChartStyle.Hex(ChartStyle.SeriesColor(3)), "2").Should().BeEmpty();
    }
}
