using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Search.Curves;
using Needle.Search.History;

namespace Needle.Cli.Verbs;

/// <summary><c>needle curves calibrate</c>: the learning-curve predictors judged on the history's real curves (coverage, MAE, rank correlation).</summary>
public sealed class CurvesVerb : ICliVerb
{
    public Command Build()
    {
        var command = new Command("curves", "Learning-curve prediction, judged on real curves.");
        var history = new Option<DirectoryInfo>("--history") { Description = "History directory (data/history).", DefaultValueFactory = _ => new DirectoryInfo("data/history") };
        var json = new Option<bool>("--json") { Description = "Machine-readable table as the last stdout line." };
        var plot = new Option<FileInfo?>("--plot") { Description = "Write the coverage-per-rung chart (SVG)." };
        var calibrate = new Command("calibrate", "Fit each curve up to each rung, predict the last rung: 95% coverage, MAE and Spearman ρ per rung and family.") { history, json, plot };
        calibrate.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var table = HistoryTable.Load(parse.GetValue(history)!.FullName);
            var cells = CurveCalibration.Run(table);
            if (parse.GetValue(plot) is { } svg) File.WriteAllText(svg.FullName, Needle.Reporting.Plots.CalibrationChart.Svg(cells));
            if (parse.GetValue(json))
            {
                var rows = new JsonArray();
                foreach (var c in cells)
                    rows.Add(new JsonObject
                    {
                        ["predictor"] = c.Predictor, ["fit_rung"] = c.FitRung, ["family"] = c.Family, ["curves"] = c.Curves, ["predicted"] = c.Predicted,
                        ["coverage"] = c.Coverage, ["mae"] = c.MeanAbsoluteError, ["mean_interval_width"] = c.MeanIntervalWidth, ["spearman"] = c.RankCorrelation,
                    });
                RaceStudyFile.WriteJson(new JsonObject { ["horizon"] = table.Horizon, ["partial_history"] = table.Manifest.Partial, ["cells"] = rows });
                return Task.FromResult(ExitCodes.Ok);
            }
            CliConsole.Out.WriteLine($"predict whole-split BPB at step {table.Horizon} from the reports up to each rung; {(table.Manifest.Partial ? "PARTIAL history" : "complete history")}");
            CliConsole.Out.WriteLine("predictor  fit_rung family     curves predicted coverage95  MAE     width   spearman");
            foreach (var c in cells)
                CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Predictor,-10} {c.FitRung,8} {c.Family,-10} {c.Curves,6} {c.Predicted,9} {P(c.Coverage),-11} {N(c.MeanAbsoluteError),-7} {N(c.MeanIntervalWidth),-7} {N(c.RankCorrelation)}") +
                    (c.Predicted == 0 ? "  insufficient evidence" : ""));
            return Task.FromResult(ExitCodes.Ok);
        }));
        command.Subcommands.Add(calibrate);
        return command;
    }

    private static string P(double? v) => v is { } x ? x.ToString("P1", CultureInfo.InvariantCulture) : "-";
    private static string N(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
