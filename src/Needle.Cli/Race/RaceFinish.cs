using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Cli.Race;

/// <summary>How a race run ended, from the user's side.</summary>
public enum RaceEnd
{
    /// <summary>Nothing left that this run could start: the study is finished (or the rest runs in another process).</summary>
    Finished,

    /// <summary>The wall-clock budget ran out: running trials were checkpointed and requeued.</summary>
    BudgetSpent,

    /// <summary>The step budget (<c>--budget-steps</c>) is spent for the whole study.</summary>
    StepBudgetSpent,

    /// <summary>Ctrl-C.</summary>
    Interrupted,
}

/// <summary>
/// The end of <c>needle race</c>: the leaderboard, what happened and what to do next (resume, look at the report),
/// and the exit code (<see cref="ExitCodes"/>). Trials still Running when this process has nothing left to start
/// belong to another process on the same study: that is not a failure.
/// </summary>
public static class RaceFinish
{
    public const int LeaderboardRows = 10;

    public static int Exit(RaceEnd end, RaceSummary summary) =>
        end == RaceEnd.Interrupted ? ExitCodes.Interrupted
        : summary.TrialsByState.GetValueOrDefault(nameof(TrialState.Failed)) > 0 ? ExitCodes.WorkFailed
        : ExitCodes.Ok;

    public static void WriteText(TextWriter output, TextWriter error, RaceEnd end, RaceSummary summary, IReadOnlyList<RaceStanding> standings,
        string studyArgument, TimeSpan elapsed)
    {
        int State(TrialState s) => summary.TrialsByState.GetValueOrDefault(s.ToString());
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Headline(end)} after {WallBudget.Format(elapsed)}: {summary.SegmentsRun} segments, {summary.Decisions} rung decisions, {summary.StepsSpent} steps in the study; trials: ") +
            string.Join(", ", summary.TrialsByState.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key.ToLowerInvariant()} {kv.Value}")));
        output.WriteLine();
        if (standings.Count == 0) output.WriteLine("leaderboard: no trial has reached its first rung yet.");
        else
        {
            output.WriteLine("leaderboard (highest rung first, then BPB; * = whole validation split, else the study's sample of it):");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"#",2}  {"trial",-36} {"rung",6} {"val BPB",8}  {"state",-9} config"));
            foreach (var s in standings.Take(LeaderboardRows))
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {s.Rank,2}  {s.Canon,-36} {s.Step,6} {s.Bpb,7:F4}{(s.WholeSplit ? "*" : " ")}  {s.State.ToString().ToLowerInvariant(),-9} {s.Config}"));
            if (standings.Count > LeaderboardRows) output.WriteLine($"  … {standings.Count - LeaderboardRows} more in the report");
        }
        output.WriteLine();
        var running = State(TrialState.Running);
        if (end == RaceEnd.BudgetSpent || end == RaceEnd.Interrupted)
            output.WriteLine($"{Left(summary)} trial(s) left: run the same command again to resume (running trials were checkpointed).");
        else if (end == RaceEnd.StepBudgetSpent)
            output.WriteLine("the study's --budget-steps is spent; raise it to continue.");
        else if (running > 0)
            output.WriteLine($"{running} trial(s) are still running in another process on this study; that process finishes them (add --peer-poll-ms 500 to make this one wait and help).");
        output.WriteLine($"see it: needle report --study {studyArgument} --out needle-report   (then open needle-report/index.html)");
        var failed = State(TrialState.Failed);
        if (failed > 0)
            error.WriteLine($"error: {failed} trial(s) failed; `needle hunt status --study {studyArgument} --rung N` and the trials' error column say why.");
    }

    /// <summary>The summary object of <c>--json</c> (snake_case keys; the leaderboard's top rows).</summary>
    public static JsonArray LeaderboardJson(IReadOnlyList<RaceStanding> standings) =>
        new(standings.Take(LeaderboardRows).Select(s => (JsonNode)new JsonObject
        {
            ["rank"] = s.Rank, ["trial"] = s.Canon, ["seed"] = s.Seed, ["rung"] = s.Step, ["bpb"] = s.Bpb,
            ["whole_split"] = s.WholeSplit, ["state"] = s.State.ToString(), ["config"] = s.Config,
        }).ToArray());

    private static int Left(RaceSummary summary) =>
        summary.TrialsByState.GetValueOrDefault(nameof(TrialState.Waiting)) + summary.TrialsByState.GetValueOrDefault(nameof(TrialState.Running));

    private static string Headline(RaceEnd end) => end switch
    {
        RaceEnd.BudgetSpent => "budget spent",
        RaceEnd.StepBudgetSpent => "step budget spent",
        RaceEnd.Interrupted => "interrupted",
        _ => "race finished",
    };
}
