using System.CommandLine;
using System.Text.Json.Nodes;
using Needle.Search.Study;
using Needle.Search.Workers;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle study copy --from A --to B [--name STUDY]</c>: moves a study between a SQLite file and a PostgreSQL
/// database (either way, or file to file), so a study started on a laptop continues on a cluster without losing a
/// report (<see cref="StudyCopier"/>). Exit codes: 0 copied and verified, 2 bad input or refused (nothing copied),
/// 3 the copy did not verify.
/// </summary>
public sealed class StudyVerb : ICliVerb
{
    public Command Build()
    {
        var command = new Command("study", "Manage studies across backends (SQLite files and PostgreSQL databases).");
        var from = new Option<string>("--from") { Description = "Source: FILE.db or postgresql://user@host:port/db[?study=NAME].", Required = true };
        var to = new Option<string>("--to") { Description = "Target: FILE.db (created if missing) or postgresql://user@host:port/db (migrated if needed).", Required = true };
        var name = new Option<string?>("--name") { Description = "The study to copy (default: ?study= of --from, or the source's only study)." };
        var json = new Option<bool>("--json") { Description = "Machine-readable summary as the last stdout line." };
        var copy = new Command("copy", "Copy one study (definition, sessions, trials, every report and rung decision, state) to another backend, then verify it.")
        {
            from, to, name, json,
        };
        copy.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var source = StudyLocation.Parse(parse.GetValue(from)!);
            var target = StudyLocation.Parse(parse.GetValue(to)!);
            if (source.Backend == StudyBackend.Sqlite && !File.Exists(source.FilePath))
                throw new CliInputException($"--from {source.FilePath}: study file not found.");
            using var src = source.Open();
            var studyName = parse.GetValue(name) ?? source.StudyName ?? src.ListStudies() switch
            {
                [var only] => only.Name,
                [] => throw new CliInputException($"--from {source.Display}: holds no study."),
                var many => throw new CliInputException($"--from {source.Display}: holds several studies ({string.Join(", ", many.Select(s => s.Name))}); pick one with --name."),
            };
            if (target.StudyName is { } t && t != studyName)
                throw new CliInputException($"--to names study '{t}' but the study copied is '{studyName}'; a copy keeps its name. Drop ?study= from --to.");
            using var dst = target.Open();
            StudyCopyResult result;
            try
            {
                result = StudyCopier.Copy(src, studyName, dst, source.Display, DateTimeOffset.UtcNow);
            }
            catch (InvalidDataException e)
            {
                CliConsole.Error.WriteLine("error: " + e.Message);
                return Task.FromResult(ExitCodes.WorkFailed);
            }
            var node = new JsonObject
            {
                ["study"] = result.Study, ["from"] = source.Display, ["to"] = target.Display, ["trials"] = result.Trials,
                ["reports"] = result.Reports, ["decisions"] = result.Decisions, ["sessions"] = result.Sessions, ["state_keys"] = result.StateKeys,
                ["target_study_id"] = result.TargetStudyId, ["verified"] = true,
            };
            if (parse.GetValue(json)) RaceStudyFile.WriteJson(node);
            else
                CliConsole.Out.WriteLine($"copied study '{result.Study}' from {source.Display} to {target.Display}: {result.Trials} trials, {result.Reports} reports, " +
                                      $"{result.Decisions} rung decisions, {result.Sessions} sessions, {result.StateKeys} state keys; verified " +
                                      $"(trial ids renumbered; the map is in scheduler state '{StudyCopier.MapKey}').");
            return Task.FromResult(ExitCodes.Ok);
        }));
        command.Subcommands.Add(copy);
        return command;
    }
}
