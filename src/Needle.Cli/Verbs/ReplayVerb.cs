using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Reporting.Plots;
using Needle.Search.Compound;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle replay</c>: search strategies replayed over the committed history on a simulated clock (the real race,
/// ASHA and study storage over a tabular runner): time until the incumbent is within ε of the best final BPB, median
/// and IQR over repetitions, ratio to the grid; optional regret-over-time SVG.
/// </summary>
public sealed class ReplayVerb : ICliVerb
{
    public Command Build()
    {
        var history = new Option<DirectoryInfo>("--history") { Description = "History directory (data/history).", DefaultValueFactory = _ => new DirectoryInfo("data/history") };
        var strategy = new Option<string>("--strategy")
        {
            Description = "Comma-separated strategies: the baselines, each vector alone on ASHA (bohb, phigrid, ucb), and needle (ASHA with every enabled vector; adds its leave-one-out ablations needle-minus-v<n>, what-if rows needle-plus-v<n> for the replayable vectors that are off, and needle-v123).",
            DefaultValueFactory = _ => "grid,random,asha,hyperband",
        }.ListOf([.. SearchStrategy.Names, NeedleStrategies.Needle], n => NeedleStrategies.IsCompound(n.ToLowerInvariant()));
        var evidence = new Option<bool>("--write-evidence") { Description = "With needle, grid and asha: measure H and write assertions/evidence/H.json." };
        var repetitions = new Option<int>("--repetitions") { Description = "Repetitions per strategy (repetition r uses seed r).", DefaultValueFactory = _ => 20 };
        var workers = new Option<int>("--workers") { Description = "Simulated workers.", DefaultValueFactory = _ => 2 };
        var epsilon = new Option<double>("--epsilon") { Description = "Target: within this many BPB of the table's best final BPB.", DefaultValueFactory = _ => ReplayBenchmark.DefaultEpsilon };
        var json = new Option<bool>("--json") { Description = "Machine-readable summary as the last stdout line." };
        var plot = new Option<FileInfo?>("--plot") { Description = "Write the regret-over-time plot (SVG)." };
        var command = new Command("replay", "Replay search strategies over the history of real curves (simulated clock, real race + ASHA).")
        {
            history, strategy, repetitions, workers, epsilon, json, plot, evidence,
        };
        command.SetAction((parse, _) => RaceStudyFile.Guard(async () =>
        {
            var table = HistoryTable.Load(parse.GetValue(history)!.FullName);
            // A typed list: every element is a known strategy (a needle-… name is checked when needle's vectors are known).
            string[] names = [.. parse.GetValue(strategy)!.ToLowerInvariant().Split(',')];
            if (parse.GetValue(repetitions) < 1 || parse.GetValue(workers) < 1) throw new CliInputException("--repetitions and --workers must be at least 1");
            var compound = CompoundReplayCommand.Prepare(table, parse.GetValue(history)!.FullName, ref names);
            var work = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            var runs = await CompoundReplay.RunAsync(table, names, compound?.Needle ?? CompoundReplayCommand.NoVectors(table), parse.GetValue(repetitions),
                parse.GetValue(workers), parse.GetValue(epsilon), work, m => CliConsole.Error.WriteLine(m));
            var summaries = ReplayBenchmark.Summarise(runs);
            var h = compound?.Measure(runs, parse.GetValue(epsilon), parse.GetValue(repetitions), parse.GetValue(evidence), names);
            var best = ReplayDriver.BestFinal(table);
            var configs = ReplayDriver.Replayable(table).Count;
            if (parse.GetValue(plot) is { } svg) WritePlot(svg, runs, names);
            if (parse.GetValue(json))
            {
                var rows = new JsonArray();
                foreach (var s in summaries)
                    rows.Add(new JsonObject
                    {
                        ["strategy"] = s.Strategy, ["repetitions"] = s.Repetitions, ["reached"] = s.Reached,
                        ["median_seconds"] = s.MedianSeconds, ["q25_seconds"] = s.Q25Seconds, ["q75_seconds"] = s.Q75Seconds,
                        ["ratio_to_grid"] = s.RatioToGrid, ["median_total_seconds"] = s.MedianTotalSeconds,
                    });
                RaceStudyFile.WriteJson(new JsonObject
                {
                    ["configs"] = configs, ["partial_history"] = table.Manifest.Partial, ["exported_trials"] = table.Manifest.ExportedTrials,
                    ["best_final_bpb"] = best, ["epsilon"] = parse.GetValue(epsilon), ["workers"] = parse.GetValue(workers), ["strategies"] = rows,
                    ["needle"] = h?.Json,
                });
            }
            else
            {
                CliConsole.Out.WriteLine(FormattableString.Invariant(
                    $"replay over {configs} configurations{(table.Manifest.Partial ? " (PARTIAL history)" : "")}, best final BPB {best:0.0000}, target ≤ {best + parse.GetValue(epsilon):0.0000}, {parse.GetValue(workers)} simulated workers; CPU seconds"));
                CliConsole.Out.WriteLine("strategy          reps reached  median_s      IQR_s                  ratio_to_grid  median_total_s");
                foreach (var s in summaries)
                    CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{s.Strategy,-17} {s.Repetitions,4} {s.Reached,7}  {F(s.MedianSeconds),-12}  [{F(s.Q25Seconds)}, {F(s.Q75Seconds)}]{"",-6}  {(s.RatioToGrid is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "-"),-13}  {s.MedianTotalSeconds:0}"));
                if (h is not null) foreach (var line in h.Lines) CliConsole.Out.WriteLine(line);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string F(double? v) => v is { } x ? x.ToString("0", CultureInfo.InvariantCulture) : "not reached";

    private static void WritePlot(FileInfo file, IReadOnlyList<ReplayRepetition> runs, IReadOnlyList<string> names)
    {
        var end = runs.Max(r => r.TotalSeconds);
        var times = Enumerable.Range(1, 100).Select(i => end * i / 100.0).ToList();
        var series = new List<BandSeries>();
        foreach (var name in names)
        {
            var band = ReplayBenchmark.RegretBand([.. runs.Where(r => r.Strategy == name)], times).Where(b => double.IsFinite(b.Median)).ToList();
            series.Add(new BandSeries(name, [.. band.Select(b => b.Seconds)], [.. band.Select(b => b.Median)], [.. band.Select(b => b.Q25)], [.. band.Select(b => b.Q75)]));
        }
        File.WriteAllText(file.FullName, BandChart.Svg("Regret over simulated time (median, IQR)", "simulated CPU seconds", "incumbent BPB − best final BPB", series, "replay"));
    }
}
