using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Needle.Core.Checkouts;
using Needle.Core.Markdown;
using Needle.Search.Plans;
using Needle.Training.Data;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle plan list</c> shows the execution plan's phases (plans/*.json) and what each needs; <c>needle plan run
/// PLAN</c> runs one into a study, resumably, and ends with the leaderboard, the rung actions taken and the gate verdict.
/// Exit codes (docs/cli.md's table): 0 done; 1 GATE-0 ran RED; 2 bad input (plan file, scale, subset, a name or id already
/// used) or refused: a phase ≥ 2 without a GREEN GATE-0 smoke race for this commit in the study file.
/// </summary>
public sealed class PlanVerb : ICliVerb
{
    public Command Build()
    {
        var command = new Command("plan", "The execution plan as data: list its phases, run one.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Run());
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable list as the last stdout line." };
        var command = new Command("list", "The shipped plans: phase, policy, runs, ladder, scales, what each needs.") { json };
        command.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var rows = new JsonArray();
            foreach (var name in PlanCatalog.Names)
            {
                var plan = PlanCatalog.Shipped(name);
                var runs = plan.Groups.Sum(g => g.Seeds.Length);
                var needs = plan.Phase >= 2 ? "a GREEN GATE-0 smoke race for this commit in the same --study file" : "nothing";
                var scales = string.Join(", ", plan.Scales.Keys.Prepend(PlanLoader.AsWritten));
                if (!parse.GetValue(json))
                    CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"plans/{name}.json  phase {plan.Phase}  {plan.Title}: {runs} runs, policy {plan.Policy}, ladder {string.Join(",", plan.Ladder)} (η {plan.Eta}), scales {scales} (default {plan.DefaultScale}); needs {needs}"));
                rows.Add(new JsonObject
                {
                    ["plan"] = $"plans/{name}.json", ["phase"] = plan.Phase, ["title"] = plan.Title, ["runs"] = runs, ["policy"] = plan.Policy,
                    ["ladder"] = new JsonArray(plan.Ladder.Select(l => (JsonNode?)l).ToArray()), ["scales"] = scales, ["needs"] = needs,
                });
            }
            if (parse.GetValue(json)) RaceStudyFile.WriteJson(new JsonObject { ["plans"] = rows });
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Run()
    {
        var planArg = new Argument<string>("plan") { Description = "plans/NAME.json (or a shipped plan's name)." };
        var scale = new Option<string?>("--scale") { Description = "A scale the plan declares (`needle plan list`); 'plan' = scale 1, as written." };
        var study = new Option<FileInfo>("--study") { Description = "Study file (SQLite); created if missing, resumed if present.", DefaultValueFactory = _ => new FileInfo("needle-plan.db") };
        var ledger = new Option<FileInfo?>("--ledger") { Description = "Ledger whose names and experiment ids may not be reused (default: the checkout's assertions/seed_results.jsonl)." };
        var emitLedger = new Option<FileInfo?>("--emit-ledger")
        {
            Description = "Ledger the finishers and their reproductions are emitted to, and the gate verdict computed from (default: STUDY.ledger.jsonl beside the study; " +
                          "assertions/seed_results.jsonl to record a real run). Needs a needle built from a clean commit.",
        };
        var subset = new Option<string?>("--subset") { Description = "Run only a declared subset (e.g. phase 2's 'minimum')." };
        var json = new Option<bool>("--json") { Description = "Machine-readable result as the last stdout line." };
        var command = new Command("run", "Run one phase of the plan into a study (resumable): leaderboard, rung actions, gate verdict.") { planArg, scale, study, ledger, emitLedger, subset, json };
        command.SetAction((parse, cancel) => RaceStudyFile.Guard(async () =>
        {
            var (file, path) = PlanCatalog.Open(parse.GetValue(planArg)!);
            var plan = PlanLoader.Resolve(file, path, parse.GetValue(scale));
            var studyFile = parse.GetValue(study)!;
            var ledgerPath = parse.GetValue(ledger)?.FullName
                             ?? (CheckoutLocator.Find() is { } root ? Path.Combine(root, "assertions", "seed_results.jsonl") : null);
            if (!parse.GetValue(json)) CliConsole.Out.WriteLine($"plan {path}: {plan.Runs.Count} runs; {plan.DescribeScale()}");
            PlanRunResult result;
            try
            {
                var emit = EmitContext(parse.GetValue(emitLedger)?.FullName ?? studyFile.FullName + ".ledger.jsonl");
                result = await new PlanRunner(TinyShakespeare.Load(), TimeProvider.System, emit: emit).RunAsync(plan, studyFile.FullName, ledgerPath, parse.GetValue(subset), cancel);
            }
            catch (SmokeBeforeFireException e)
            {
                await CliConsole.Error.WriteLineAsync("refused: " + e.Message);
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(json)) RaceStudyFile.WriteJson(Json(result));
            else CliConsole.Out.Write(Markdown(result));
            return result.Smoke is { AllGreen: false } ? ExitCodes.CheckFailed : ExitCodes.Ok;
        }));
        return command;
    }

    // The gates, pre-registration and git of the checkout (as `ledger emit` finds them), and this binary's commit.
    private static PlanLedgerContext EmitContext(string ledgerPath)
    {
        var context = LedgerVerb.Resolve(null, null, ledgerPath)
                      ?? throw new CliInputException($"--emit-ledger {ledgerPath}: no gates file to judge its rows with (the error above says why)");
        return new PlanLedgerContext(ledgerPath, context.Book, context.Plan, context.Commits, Needle.Core.Git.BuildCommit.Current);
    }

    internal static string Markdown(PlanRunResult r)
    {
        var s = new StringBuilder();
        s.AppendLine($"# {r.Plan.File.Title} ({r.Plan.SourcePath})");
        s.AppendLine();
        s.AppendLine($"Study {r.StudyPath} ('{r.StudyName}'); {r.Plan.DescribeScale()}.");
        s.AppendLine();
        s.AppendLine($"## Leaderboard (step ≥ {r.Plan.LeaderboardMinimumStep}, the last rung at this scale)");
        s.AppendLine();
        var leaderboard = new MarkdownTable("rank", "run", "seed", "step", "BPB", "state");
        foreach (var row in r.Leaderboard)
            leaderboard.Add(row.Rank.ToString(CultureInfo.InvariantCulture), row.Canon, row.Seed.ToString(CultureInfo.InvariantCulture),
                row.Step.ToString(CultureInfo.InvariantCulture), row.Bpb.ToString("F4", CultureInfo.InvariantCulture), row.State.ToString());
        leaderboard.AppendTo(s).AppendLine();
        s.AppendLine("## Rung actions taken");
        s.AppendLine();
        foreach (var a in r.Actions) s.AppendLine("- " + a);
        s.AppendLine();
        s.AppendLine("## Trials");
        s.AppendLine();
        foreach (var g in r.Trials.GroupBy(t => t.State).OrderBy(g => g.Key))
            s.AppendLine($"- {g.Key}: {g.Count()}");
        s.AppendLine();
        s.AppendLine("## Gate");
        s.AppendLine();
        s.AppendLine(r.GateVerdict);
        return s.ToString();
    }

    private static JsonObject Json(PlanRunResult r) => new()
    {
        ["plan"] = r.Plan.SourcePath, ["scale"] = r.Plan.ScaleName, ["scale_description"] = r.Plan.DescribeScale(), ["study"] = r.StudyPath,
        ["leaderboard"] = new JsonArray(r.Leaderboard.Select(l => (JsonNode?)new JsonObject
        {
            ["rank"] = l.Rank, ["canon"] = l.Canon, ["seed"] = l.Seed, ["step"] = l.Step, ["bpb"] = l.Bpb, ["state"] = l.State.ToString(),
        }).ToArray()),
        ["actions"] = new JsonArray(r.Actions.Select(a => (JsonNode?)a).ToArray()),
        ["hunt_actions"] = new JsonArray(r.HuntActions.Select(a => (JsonNode?)new JsonObject
        {
            ["rung"] = a.Rung, ["action"] = a.Action, ["cohort"] = Strings(a.Cohort), ["kept"] = Strings(a.Kept), ["stopped"] = Strings(a.Stopped),
            ["killed"] = Strings(a.Killed), ["replacements"] = Strings(a.Replacements), ["mirrors"] = Strings(a.Mirrors), ["note"] = a.Note,
        }).ToArray()),
        ["trials"] = new JsonArray(r.Trials.Select(t => (JsonNode?)new JsonObject
        {
            ["canon"] = t.Spec.CanonName, ["seed"] = t.Spec.Seed, ["state"] = t.State.ToString(), ["last_step"] = t.LastStep, ["error"] = t.Error,
        }).ToArray()),
        ["gate"] = r.GateVerdict, ["smoke_all_green"] = r.Smoke?.AllGreen,
    };

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)i).ToArray());
}
