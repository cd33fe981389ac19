using System.CommandLine;
using Needle.Search.History;
using Needle.Search.Study;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle history build|export</c>: the history of real learning curves (docs/history-and-replay.md). <c>build</c>
/// trains every configuration of the space to the last rung (resumable after any interruption, idempotent);
/// <c>export</c> writes the finished trials as JSON lines with a manifest (works on a study still being built).
/// </summary>
public sealed class HistoryVerb : ICliVerb
{
    public Command Build()
    {
        var command = new Command("history", "The history of real learning curves: build it, export it.");
        command.Subcommands.Add(BuildCommand());
        command.Subcommands.Add(HistoryExportCommand.Build());
        return command;
    }

    private static Command BuildCommand()
    {
        var space = new Option<FileInfo>("--space") { Description = "History space (spaces/history.json).", Required = true };
        var study = new Option<FileInfo>("--study") { Description = "Study file (SQLite); created if missing, resumed if present.", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Trials at a time (one thread each).", DefaultValueFactory = _ => 2 };
        var checkpoints = new Option<DirectoryInfo?>("--checkpoints") { Description = "Checkpoint directory (default: STUDY.checkpoints beside the study file)." };
        var command = new Command("build", "Train every configuration of the space to the last rung; resumes where it stopped.") { space, study, parallel, checkpoints };
        command.SetAction((parse, cancel) => RaceStudyFile.Guard(async () =>
        {
            var historySpace = HistorySpace.Load(parse.GetValue(space)!.FullName);
            var studyFile = parse.GetValue(study)!;
            if (parse.GetValue(parallel) < 1) throw new CliInputException($"--parallel is {parse.GetValue(parallel)}; run at least 1 trial at a time");
            using var storage = new SqliteStudyStorage(studyFile.FullName);
            var builder = new HistoryBuilder(storage, Needle.Training.Data.TinyShakespeare.Load(), historySpace,
                parse.GetValue(checkpoints)?.FullName ?? studyFile.FullName + ".checkpoints", parse.GetValue(parallel), TimeProvider.System, CliConsole.Out);
            var states = await builder.RunAsync(cancel);
            CliConsole.Out.WriteLine("trials: " + string.Join(", ", states.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
            if (cancel.IsCancellationRequested)
            {
                CliConsole.Out.WriteLine("interrupted: run the same command to resume.");
                return ExitCodes.Interrupted;
            }
            return states.GetValueOrDefault(TrialState.Failed) > 0 ? ExitCodes.WorkFailed : ExitCodes.Ok;
        }));
        return command;
    }
}
