using Needle.Search.Curves;
using Needle.Search.History;
using Needle.Testing;

namespace Needle.Search.Tests.Curves;

/// <summary>The calibration table on the committed history: numbers it could have got wrong, and its refusals.</summary>
public sealed class CurveCalibrationTests
{
    private static readonly Lazy<IReadOnlyList<CalibrationCell>> Cells = new(() => CurveCalibration.Run(HistoryTable.Load(RepoPaths.InRepo("data", "history"))));

    [Fact]
    public void Spearman_is_one_for_a_monotone_relation_and_minus_one_for_a_reversed_one_with_ties_averaged()
    {
        CurveCalibration.Spearman([1, 2, 3, 4], [10, 20, 25, 100]).Should().BeApproximately(1, 1e-12);
        CurveCalibration.Spearman([1, 2, 3, 4], [4, 3, 2, 1]).Should().BeApproximately(-1, 1e-12);
        CurveCalibration.Spearman([1, 1, 2], [1, 2, 3]).Should().BeApproximately(Math.Sqrt(3) / 2, 1e-12);
    }

    [Fact]
    public void The_power_law_refuses_to_predict_from_two_reports_at_rung_100()
    {
        Cells.Value.Where(c => c.Predictor == "power-law" && c.FitRung == 100).Should().OnlyContain(c => c.Predicted == 0 && c.Coverage == null,
            "reports every 50 steps give 2 points by step 100, fewer than the 6 a 3-parameter fit needs");
    }

    [Fact]
    public void Every_cell_is_a_fraction_of_its_curves_and_says_insufficient_evidence_rather_than_a_number()
    {
        foreach (var c in Cells.Value)
        {
            c.Predicted.Should().BeInRange(0, c.Curves);
            if (c.Predicted == 0) c.Coverage.Should().BeNull();
            else c.Coverage.Should().BeInRange(0, 1);
        }
    }
}
