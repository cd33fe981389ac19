using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Checkouts;
using Needle.Search.Curves;
using Needle.Search.History;
using Needle.Search.Hunt;

namespace Needle.Cli.Verbs;

/// <summary>
/// The history the hunt's seed states are calibrated on: <c>--history DIR</c>, by default the checkout's data/history.
/// Without one the hunt falls back to the power-law b∞ and says so.
/// </summary>
internal static class HuntHistory
{
    public static Option<DirectoryInfo?> HistoryOption() => new("--history")
    {
        Description = "History directory whose curves calibrate the seed states' predicted final BPB (default: the checkout's data/history; 'none' = power-law b∞).",
    };

    public static HistoryFinalPredictor? Predictor(DirectoryInfo? given)
    {
        if (given is { Name: "none" }) return null;
        var dir = given?.FullName ?? (CheckoutLocator.Find() is { } root ? Path.Combine(root, "data", "history") : null);
        if (dir is null || !File.Exists(Path.Combine(dir, HistoryTable.ManifestFile)))
        {
            if (given is not null) throw new FileNotFoundException($"--history {given.FullName}: no {HistoryTable.ManifestFile} there; pass a history directory (data/history) or 'none'");
            CliConsole.Error.WriteLine("note: no history found (data/history); seed states use the power-law b∞, which is not calibrated on real curves");
            return null;
        }
        return new HistoryFinalPredictor(HistoryTable.Load(dir));
    }

    /// <summary>The prediction's cell text for the table.</summary>
    public static string? Cell(HuntRow row) => row.Final switch
    {
        FinalForecast.Predicted p => string.Create(CultureInfo.InvariantCulture, $"{p.Value:F4} [{p.Interval.Lower:F4}, {p.Interval.Upper:F4}] ({p.Basis})"),
        FinalForecast.InsufficientEvidence i => "insufficient evidence: " + i.Reason,
        _ => null,
    };

    /// <summary>Adds the prediction to a row's JSON.</summary>
    public static JsonObject WithFinal(JsonObject row, HuntRow r)
    {
        if (r.Final is FinalForecast.Predicted p)
        {
            row["final_predicted"] = p.Value;
            row["final_lower"] = p.Interval.Lower;
            row["final_upper"] = p.Interval.Upper;
            row["final_basis"] = p.Basis;
        }
        else if (r.Final is FinalForecast.InsufficientEvidence i) row["final_insufficient_evidence"] = i.Reason;
        return row;
    }
}
