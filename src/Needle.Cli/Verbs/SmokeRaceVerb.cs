using System.CommandLine;
using Needle.Search.Smoke;
using Needle.Training.Data;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle smoke-race</c>: the GATE-0 smoke race of <c>plans/gate0.json</c> (7 tags × 3 smoke seeds and a declared
/// diverging canary, at a declared scale) on the real engine, with its 15 acceptance criteria judged GREEN/RED from the
/// study and the processes. Exit 0 only when every criterion is GREEN (4 otherwise). The verdict is recorded in the
/// study with the binary's commit (smoke before fire). Re-running on the same <c>--study</c> adds no trial (criterion 13).
/// </summary>
public sealed class SmokeRaceVerb : ICliVerb
{
    public Command Build()
    {
        var study = new Option<FileInfo>("--study") { Description = "Study file (SQLite); created if missing, resumed if present.", DefaultValueFactory = _ => new FileInfo("needle-smoke.db") };
        var report = new Option<string>("--report") { Description = "Report format printed to stdout: md (markdown: one row per run + the criteria table)." }.OneOf("md");
        var output = new Option<FileInfo?>("--out") { Description = "Also write the markdown report to this file." };
        var json = new Option<bool>("--json") { Description = "Machine-readable result (runs, criteria, all_green) as the last stdout line." };
        var scaleOption = new Option<string?>("--scale") { Description = "A scale declared in plans/gate0.json (machine, smallest, plan); default: machine." };
        var command = new Command("smoke-race", "Run the GATE-0 smoke race on the real engine and judge its 15 criteria.") { study, report, output, json, scaleOption };
        command.SetAction((parse, cancel) => RaceStudyFile.Guard(async () =>
        {
            string? format = parse.GetValue(report);
            var file = parse.GetValue(study)!;
            var plan = SmokePlan.Resolve(parse.GetValue(scaleOption));
            if (!parse.GetValue(json)) CliConsole.Out.WriteLine($"smoke race: {plan.Runs.Count} runs of {plan.SourcePath}; {plan.DescribeScale()}");
            var result = await new SmokeRace(TinyShakespeare.Load(), plan, TimeProvider.System).RunAsync(file.FullName, cancel);
            var markdown = SmokeReport.Markdown(result);
            if (parse.GetValue(output) is { } outFile) await File.WriteAllTextAsync(outFile.FullName, markdown, cancel);
            if (format == "md") CliConsole.Out.Write(markdown);
            else if (!parse.GetValue(json))
                foreach (var c in result.Criteria) CliConsole.Out.WriteLine($"{c.Number,2} {c.Verdict,-5} {c.Title}: {c.Evidence}");
            if (parse.GetValue(json)) RaceStudyFile.WriteJson(SmokeReport.Json(result));
            if (!result.AllGreen)
            {
                await CliConsole.Error.WriteLineAsync(
                    $"error: smoke race RED: criteria {string.Join(", ", result.Criteria.Where(c => !c.Green).Select(c => c.Number))} failed; see the evidence column (study {file.FullName}).");
                return ExitCodes.CheckFailed;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
