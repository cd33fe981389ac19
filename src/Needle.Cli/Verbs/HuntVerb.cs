using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Reporting.StudyReports;
using Needle.Search.Curves;
using Needle.Search.Hunt;
using Spectre.Console;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle hunt status|prune|mirror</c>: the seed hunt over a study file — each seed's fitted asymptote with its
/// 95% interval and its state against the leader; pruning what ASHA or the DIVERGING rule rejects; mirroring a leader.
/// </summary>
public sealed class HuntVerb : ICliVerb
{
    public Command Build()
    {
        var command = new Command("hunt", "Seed hunt over a study: status, prune, mirror.");
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Prune());
        command.Subcommands.Add(Mirror());
        return command;
    }

    private static (Option<string> Study, Option<string?> Name, Option<bool> Json) Common() =>
        (new Option<string>("--study") { Description = "Study: a SQLite file, or postgresql://user@host:port/db?study=NAME (password from PGPASSWORD or ~/.pgpass).", Required = true },
         new Option<string?>("--name") { Description = "Study name (needed when the file holds several)." },
         new Option<bool>("--json") { Description = "Machine-readable result as the last stdout line." });

    private static Command Status()
    {
        var (study, name, json) = Common();
        var rung = new Option<long>("--rung") { Description = "Rung step to judge at.", Required = true };
        var history = HuntHistory.HistoryOption();
        var command = new Command("status", "Each seed at a rung: BPB, predicted final BPB with 95% interval, state vs the leader.") { study, name, rung, history, json };
        command.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var (storage, location) = RaceStudyFile.OpenExisting(parse.GetValue(study)!);
            using var opened = storage;
            var record = RaceStudyFile.Pick(storage, location, parse.GetValue(name));
            var rows = new SeedHunt(storage, record, TimeProvider.System, predictor: HuntHistory.Predictor(parse.GetValue(history))).Status(parse.GetValue(rung));
            var actions = HuntActionLog.Read(storage, record);
            // Which accelerators the race had on, and why any was off (the study's vector_states).
            var vectors = AcceleratorVectors.Read(storage, record.Id);
            if (parse.GetValue(json))
                RaceStudyFile.WriteJson(new JsonObject
                {
                    ["study"] = record.Name, ["rung"] = parse.GetValue(rung), ["rows"] = Rows(rows),
                    ["rung_actions"] = new JsonArray(actions.Select(a => (JsonNode?)Needle.Search.Plans.PlanRunner.Describe(a)).ToArray()),
                    ["vectors"] = new JsonArray(vectors.Select(v => (JsonNode?)new JsonObject { ["vector"] = v.Id, ["state"] = v.State, ["reason"] = v.Reason }).ToArray()),
                });
            else
            {
                Print(rows, $"study '{record.Name}', rung {parse.GetValue(rung)}");
                // The plan's hunt policy stores its decisions in the study: show every rung action taken so far.
                foreach (var a in actions) CliConsole.Out.WriteLine("rung action: " + Needle.Search.Plans.PlanRunner.Describe(a));
                foreach (var v in vectors) CliConsole.Out.WriteLine($"vector {v.Id} ({v.Name}): {v.State} — {v.Reason}");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Prune()
    {
        var (study, name, json) = Common();
        var rung = new Option<long>("--rung") { Description = "Rung step to prune at.", Required = true };
        var apply = new Option<bool>("--apply") { Description = "Actually prune (default: only list what would be pruned)." };
        var history = HuntHistory.HistoryOption();
        var command = new Command("prune", "Stop seeds outside the top 1/η at a rung, or DIVERGING (replaced by a φ-anchored seed).") { study, name, rung, apply, history, json };
        command.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var (storage, location) = RaceStudyFile.OpenExisting(parse.GetValue(study)!);
            using var opened = storage;
            var record = RaceStudyFile.Pick(storage, location, parse.GetValue(name));
            var (pruned, replacements) = new SeedHunt(storage, record, TimeProvider.System, predictor: HuntHistory.Predictor(parse.GetValue(history))).Prune(parse.GetValue(rung), parse.GetValue(apply));
            if (parse.GetValue(json))
            {
                RaceStudyFile.WriteJson(new JsonObject
                {
                    ["study"] = record.Name, ["rung"] = parse.GetValue(rung), ["applied"] = parse.GetValue(apply), ["pruned"] = Rows(pruned),
                    ["replacements"] = new JsonArray(replacements.Select(r => (JsonNode?)JsonValue.Create(r.Spec.CanonName)).ToArray()),
                });
            }
            else
            {
                Print(pruned, (parse.GetValue(apply) ? "pruned" : "would prune (dry run; add --apply)") + $" at rung {parse.GetValue(rung)}");
                foreach (var r in replacements) CliConsole.Out.WriteLine($"replacement queued: {r.Spec.CanonName}");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command Mirror()
    {
        var (study, name, json) = Common();
        var leader = new Option<string>("--leader") { Description = "Canon name of the leading trial.", Required = true };
        var count = new Option<int>("--count") { Description = "Mirrors to add.", DefaultValueFactory = _ => 3 };
        var strategy = new Option<string>("--strategy") { Description = "How the new seeds are chosen.", DefaultValueFactory = _ => "phi-anchored" }.OneOf("phi-anchored", "sibling", "random");
        var command = new Command("mirror", "Queue new seeds of a leader's config (run them with `needle race`).") { study, name, leader, count, strategy, json };
        command.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var s = parse.GetValue(strategy) switch
            {
                "phi-anchored" => MirrorStrategy.PhiAnchored,
                "sibling" => MirrorStrategy.Sibling,
                "random" => MirrorStrategy.Random,
                var other => throw new CliInputException($"--strategy '{other}' is unknown; use phi-anchored, sibling or random."),
            };
            var (storage, location) = RaceStudyFile.OpenExisting(parse.GetValue(study)!);
            using var opened = storage;
            var record = RaceStudyFile.Pick(storage, location, parse.GetValue(name));
            var added = new SeedHunt(storage, record, TimeProvider.System).Mirror(parse.GetValue(leader)!, parse.GetValue(count), s);
            if (parse.GetValue(json))
                RaceStudyFile.WriteJson(new JsonObject
                {
                    ["study"] = record.Name, ["leader"] = parse.GetValue(leader), ["strategy"] = parse.GetValue(strategy),
                    ["added"] = new JsonArray(added.Select(a => (JsonNode?)new JsonObject { ["canon"] = a.Spec.CanonName, ["seed"] = a.Spec.Seed }).ToArray()),
                });
            else foreach (var a in added) CliConsole.Out.WriteLine($"queued {a.Spec.CanonName} (seed {a.Spec.Seed})");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static JsonArray Rows(IEnumerable<HuntRow> rows) => new(rows.Select(r => (JsonNode?)HuntHistory.WithFinal(new JsonObject
    {
        ["trial"] = r.TrialId, ["canon"] = r.Canon, ["seed"] = r.Seed, ["trial_state"] = r.TrialState.ToString(), ["bpb"] = r.BpbAtRung,
        ["asymptote"] = r.Asymptote, ["ci_lower"] = r.AsymptoteInterval?.Lower, ["ci_upper"] = r.AsymptoteInterval?.Upper,
        ["insufficient_evidence"] = (r.Forecast as CurveForecast.InsufficientEvidence)?.Reason,
        ["state"] = StateName(r.Assessment.State), ["action"] = r.Assessment.Action.ToString(), ["why"] = r.Assessment.Why,
        ["in_top"] = r.InTopAtRung,
    }, r)).ToArray());

    internal static string StateName(Needle.Search.Seeds.SeedState s) => s switch
    {
        Needle.Search.Seeds.SeedState.Leading => "LEADING",
        Needle.Search.Seeds.SeedState.CatchingUp => "CATCHING_UP",
        Needle.Search.Seeds.SeedState.ParallelLosing => "PARALLEL_LOSING",
        Needle.Search.Seeds.SeedState.Diverging => "DIVERGING",
        _ => "INSUFFICIENT_EVIDENCE",
    };

    private static void Print(IReadOnlyList<HuntRow> rows, string title)
    {
        var table = new Table().Title(Markup.Escape(title));
        foreach (var c in new[] { "canon", "BPB", "predicted final / b∞ [95% CI]", "state", "action", "top 1/η" }) table.AddColumn(Markup.Escape(c));
        foreach (var r in rows)
        {
            var fit = HuntHistory.Cell(r) ?? r.Forecast switch
            {
                CurveForecast.Fitted f => string.Create(CultureInfo.InvariantCulture,
                    $"{f.Asymptote:F4} [{f.AsymptoteInterval.Lower:F4}, {f.AsymptoteInterval.Upper:F4}]"),
                CurveForecast.InsufficientEvidence i => "insufficient evidence: " + i.Reason,
                _ => "",
            };
            table.AddRow(Markup.Escape(r.Canon), r.BpbAtRung.ToString("F4", CultureInfo.InvariantCulture), Markup.Escape(fit),
                StateName(r.Assessment.State), r.Assessment.Action.ToString(), r.InTopAtRung ? "yes" : "no");
        }
        AnsiConsole.Write(table);
    }
}
