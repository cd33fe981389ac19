using System.Globalization;
using Needle.Core.Rungs;

namespace Needle.Search.Plans;

/// <summary>A plan file validated and scaled to one of its declared scales: the runs as the study will hold them.</summary>
public sealed record ResolvedPlan(
    PlanFile File, string SourcePath, string ScaleName, PlanScale Scale, RungLadder Ladder, IReadOnlyList<PlannedRun> Runs,
    IReadOnlyList<ResolvedRungAction> Actions)
{
    public string Name => File.Name;

    /// <summary>The leaderboard's minimum step: the last rung (scale 1: the plan's; the gate asks for ≥ 4000).</summary>
    public long LeaderboardMinimumStep => Ladder.Steps[^1];

    /// <summary>"scale 'machine': steps ÷ 1, widths ÷ 8, …" — printed in every report.</summary>
    public string DescribeScale()
    {
        var overrides = Scale.Overrides is { Count: > 0 } o
            ? "; backbone " + string.Join(", ", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + " " + kv.Value))
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"scale '{ScaleName}': steps ÷ {Scale.StepsDivisor}, widths ÷ {Scale.WidthDivisor} (ladder {string.Join(", ", File.Ladder)} → " +
            $"{string.Join(", ", Ladder.Steps)}, η {Ladder.Eta}), report every {Scale.ReportEvery}, {Scale.Parallelism} at a time{overrides} — {Scale.Why}");
    }
}
