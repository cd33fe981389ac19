using System.CommandLine;
using System.Globalization;
using Needle.Core.Checkouts;
using Needle.Core.Git;
using Needle.Training.Curriculum;
using Needle.Training.Curriculum.Measurement;
using Needle.Training.Data;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle bench curriculum</c>: the V7 measurement on real runs — each seed trained without and with the
/// curriculum, the whole validation split evaluated every --eval-every steps (and at the end); prints the tokens-to-target table and
/// falsifier mode 7's verdict, and writes the runs to --out (default data/curriculum/v7-runs.json, the cache the V7
/// falsification suite reads). Refuses a build with uncommitted changes: the file names the commit that ran.
/// </summary>
internal static class CurriculumBench
{
    public static Command Build()
    {
        var command = new Command("curriculum", "V7: train each seed with and without the online curriculum; tokens, CPU and wall time to the baseline's final BPB; falsifier mode 7.");
        var opts = new TrainOptions();
        opts.AddTo(command);
        var seeds = new Option<string>("--seeds") { Description = "comma-separated seeds", DefaultValueFactory = _ => "42,43,44" };
        var output = new Option<FileInfo?>("--out") { Description = $"where to write the runs (default {CurriculumMeasurement.RelativePath} in the checkout)" };
        var json = new Option<bool>("--json") { Description = "print the statistic and verdict as JSON on the last stdout line" };
        var merge = new Option<FileInfo[]>("--merge") { Description = "instead of training: merge these measurement files (same commit, config and curriculum; other seeds, e.g. one process per seed) into --out", AllowMultipleArgumentsPerToken = true };
        foreach (var o in new Option[] { seeds, output, json, merge }) command.Options.Add(o);
        command.SetAction(r =>
        {
            try
            {
                if (r.GetValue(merge) is { Length: > 0 } files)
                    return Merge(files, r.GetValue(output), r.GetValue(json));
                var config = opts.ToConfig(r);
                if (config.Curriculum is null) throw new ArgumentException("--curriculum: give the V7 arm's setting (median or a quantile); the baseline arm runs with it off");
                var seedList = r.GetValue(seeds)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"--seeds: '{s}' is not a seed")).ToList();
                var build = BuildCommit.Current;
                if (!build.CanStampRows)
                    throw new InvalidOperationException($"this build is {build}; commit first, rebuild, then measure, so the cached runs name the code that produced them");
                var root = CheckoutLocator.Find() ?? throw new InvalidOperationException("no checkout found above the working directory; run inside the repository or pass --out");
                var path = r.GetValue(output)?.FullName ?? Path.Combine(root, CurriculumMeasurement.RelativePath);
                var corpus = TinyShakespeare.Load();
                var experiment = new CurriculumExperiment(config, config.Curriculum, seedList, config.EvalEvery);
                CliConsole.Out.WriteLine($"config {experiment.BaseConfig.ToJson()}");
                CliConsole.Out.WriteLine($"V7 arm: --curriculum {CurriculumSpec.Format(config.Curriculum)}; seeds {string.Join(",", seedList)}; commit {build.Sha}");
                var runs = experiment.Run(corpus, line => CliConsole.Out.WriteLine(line));
                var measurement = new CurriculumMeasurement(CurriculumMeasurement.SchemaName, "needle " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                    build.Sha!, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                    $"{Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}", TinyShakespeare.Sha256, experiment.BaseConfig.ToJson(),
                    CurriculumSpec.Format(config.Curriculum), experiment.EvalEvery, runs);
                measurement.Save(path);
                Report(measurement, path, r.GetValue(json));
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or CorpusException or InvalidOperationException or InvalidDataException or IOException)
            {
                CliConsole.Error.WriteLine($"needle bench curriculum: {e.Message}");
                return e is InvalidOperationException ? ExitCodes.WorkFailed : ExitCodes.BadInput;
            }
        });
        return command;
    }

    private static int Merge(FileInfo[] files, FileInfo? output, bool json)
    {
        var root = CheckoutLocator.Find();
        var path = output?.FullName ?? (root is null ? throw new InvalidOperationException("no checkout found; pass --out") : Path.Combine(root, CurriculumMeasurement.RelativePath));
        var parts = files.Select(f => (f.FullName, CurriculumMeasurement.Load(f.FullName))).ToList();
        var merged = CurriculumMeasurement.Merge(parts, "needle bench curriculum --merge " + string.Join(' ', files.Select(f => f.Name)));
        merged.Save(path);
        Report(merged, path, json);
        return ExitCodes.Ok;
    }

    private static void Report(CurriculumMeasurement measurement, string path, bool json)
    {
        var analysis = CurriculumAnalysis.Of(measurement.Runs);
        CliConsole.Out.WriteLine();
        CliConsole.Out.Write(analysis.Table());
        CliConsole.Out.WriteLine($"runs written to {path}");
        if (json)
            JsonLine.Write(new { analysis.TargetBpb, Statistic = analysis.Statistic, Verdict = analysis.Holds ? "holds" : "refuted", analysis.Reason, Out = path });
    }
}
