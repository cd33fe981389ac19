using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Search.Study;
using Spectre.Console;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle report --study S [--out DIR]</c>: the study report (HTML + Markdown + SVG, <see cref="StudyReportCommand"/>);
/// <c>needle report leaderboard</c>: trials ranked by their last BPB at or beyond the gate's minimum step.
/// </summary>
public sealed class ReportVerb : ICliVerb
{
    public Command Build()
    {
        var command = new Command("report", "The study report (HTML page, Markdown and SVG charts), or `report leaderboard`.");
        StudyReportCommand.Attach(command);
        var study = new Option<string>("--study") { Description = "Study: a SQLite file, or postgresql://user@host:port/db?study=NAME (password from PGPASSWORD or ~/.pgpass).", Required = true };
        var name = new Option<string?>("--name") { Description = "Study name (needed when the file holds several)." };
        var minStep = new Option<long>("--min-step")
        {
            Description = $"Only rows with step ≥ this (default: the gate's minimum, {Leaderboard.GateMinimumStep}).",
            DefaultValueFactory = _ => Leaderboard.GateMinimumStep,
        };
        var json = new Option<bool>("--json") { Description = "Machine-readable result as the last stdout line." };
        var leaderboard = new Command("leaderboard", "Rank trials by their last BPB with step ≥ the gate's minimum.") { study, name, minStep, json };
        leaderboard.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var (storage, location) = RaceStudyFile.OpenExisting(parse.GetValue(study)!);
            using var opened = storage;
            var record = RaceStudyFile.Pick(storage, location, parse.GetValue(name));
            var rows = Leaderboard.For(storage, record.Id, parse.GetValue(minStep));
            if (parse.GetValue(json))
            {
                RaceStudyFile.WriteJson(new JsonObject
                {
                    ["study"] = record.Name, ["min_step"] = parse.GetValue(minStep),
                    ["rows"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
                    {
                        ["rank"] = r.Rank, ["canon"] = r.Canon, ["seed"] = r.Seed, ["step"] = r.Step, ["bpb"] = r.Bpb, ["state"] = r.State.ToString(),
                    }).ToArray()),
                });
            }
            else
            {
                var table = new Table().Title(Markup.Escape($"leaderboard of '{record.Name}' (step ≥ {parse.GetValue(minStep)})"));
                foreach (var c in new[] { "#", "canon", "step", "BPB", "state" }) table.AddColumn(Markup.Escape(c));
                foreach (var r in rows)
                    table.AddRow(r.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Canon), r.Step.ToString(CultureInfo.InvariantCulture),
                        r.Bpb.ToString("F4", CultureInfo.InvariantCulture), r.State.ToString());
                AnsiConsole.Write(table);
                if (rows.Count == 0) CliConsole.Out.WriteLine($"no trial has reported at step ≥ {parse.GetValue(minStep)} yet.");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        command.Subcommands.Add(leaderboard);
        return command;
    }
}
