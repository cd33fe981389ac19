using System.CommandLine;
using Needle.Search.History;

namespace Needle.Cli.Verbs;

/// <summary><c>needle history export</c>: the finished trials of a history study as JSON lines plus a manifest.</summary>
internal static class HistoryExportCommand
{
    public static Command Build()
    {
        var study = new Option<string>("--study") { Description = "History study: a SQLite file or a postgresql:// URL; may still be building.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output directory (data/history/).", Required = true };
        var spaceName = new Option<string>("--space-file") { Description = "How the manifest names the space file.", DefaultValueFactory = _ => "spaces/history.json" };
        var command = new Command("export", "Write the study's finished trials (history.jsonl) and a manifest (hashes, ladder, machine, CPU time).") { study, output, spaceName };
        command.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var (storage, location) = RaceStudyFile.OpenExisting(parse.GetValue(study)!);
            using var opened = storage;
            var record = RaceStudyFile.Pick(storage, location, null);
            var manifest = HistoryExport.Write(storage, record, parse.GetValue(spaceName)!, parse.GetValue(output)!.FullName, TimeProvider.System);
            CliConsole.Out.WriteLine($"exported {manifest.ExportedTrials} of {manifest.PlannedTrials} trials to {parse.GetValue(output)!.FullName} " +
                                  $"({(manifest.Partial ? "PARTIAL" : "complete")}; total CPU {manifest.TotalCpuSeconds:0} s, in trials {manifest.TrialCpuSeconds:0} s)");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
