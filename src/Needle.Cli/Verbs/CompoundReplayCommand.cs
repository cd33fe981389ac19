using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Checkouts;
using Needle.Search.Compound;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Cli.Verbs;

/// <summary>
/// The compound part of <c>needle replay</c>: reads the vectors' states from the evidence files, adds needle's
/// ablations and needle-v123 to the strategies, and after the replay measures H — speed-up over the grid with its
/// bootstrap interval, the ablation table, the falsifiers — printing it and, with --write-evidence, writing H.json.
/// </summary>
internal sealed class CompoundReplayCommand
{
    private readonly HistoryTable _table;
    private readonly string _historyDirectory;
    private readonly string _root;

    private CompoundReplayCommand(HistoryTable table, string historyDirectory, string root, NeedleStrategies needle)
    {
        _table = table;
        _historyDirectory = historyDirectory;
        _root = root;
        Needle = needle;
    }

    public NeedleStrategies Needle { get; }

    /// <summary>Null when no compound strategy is asked for; else the command, with <paramref name="names"/> expanded.</summary>
    public static CompoundReplayCommand? Prepare(HistoryTable table, string historyDirectory, ref string[] names)
    {
        if (!names.Any(NeedleStrategies.IsCompound)) return null;
        var root = CheckoutLocator.Find() ?? throw new CliInputException("needle replay --strategy needle reads assertions/evidence: run it inside the checkout");
        var needle = new NeedleStrategies(CompoundReplay.States(root), new ReplayVectors.Context(table, root));
        foreach (var n in names.Where(NeedleStrategies.IsCompound))
            if (n != NeedleStrategies.Needle) needle.Build(n); // refuse an unknown ablation before replaying anything
        var expanded = names.ToList();
        if (names.Contains(NeedleStrategies.Needle))
            foreach (var extra in needle.Names.Where(x => !expanded.Contains(x))) expanded.Add(extra);
        names = [.. expanded];
        return new CompoundReplayCommand(table, historyDirectory, root, needle);
    }

    /// <summary>A needle with every vector off (for replays that ask for no compound strategy).</summary>
    public static NeedleStrategies NoVectors(HistoryTable table) => new([], new ReplayVectors.Context(table, "."));

    public sealed record Result(JsonObject Json, IReadOnlyList<string> Lines);

    public Result Measure(IReadOnlyList<ReplayRepetition> runs, double epsilon, int repetitions, bool writeEvidence, IReadOnlyList<string> names)
    {
        var summaries = ReplayBenchmark.Summarise(runs).ToDictionary(s => s.Strategy);
        var claim = CompoundedClaim.Measure(_table, runs, _root, epsilon, Needle.V123Vectors, v123WhatIf: Needle.V123IsWhatIf);
        var lines = new List<string>();
        string I(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);

        lines.Add("");
        lines.Add($"needle = ASHA + {(Needle.Used.Count == 0 ? "no vector (none is enabled and replayable): needle is pure ASHA" : string.Join(" + ", Needle.Used))}");
        foreach (var (v, why) in Needle.NotUsed) lines.Add($"  {v} not in needle — {why}");
        var ablation = new JsonArray();
        var whatIf = new JsonArray();
        if (summaries.TryGetValue(NeedleStrategies.Needle, out var needle))
        {
            lines.Add("ablation (needle without one vector; slowdown = its median time-to-target / needle's):");
            foreach (var v in Needle.Used)
            {
                var name = NeedleStrategies.MinusPrefix + v.ToLowerInvariant();
                if (!summaries.TryGetValue(name, out var minus)) continue;
                double? slowdown = minus.MedianSeconds is { } m && needle.MedianSeconds is { } n && n > 0 ? m / n : null;
                lines.Add(I($"  {name,-17} reached {minus.Reached}/{minus.Repetitions}, median {minus.MedianSeconds?.ToString("0", CultureInfo.InvariantCulture) ?? "not reached"} s, median total {minus.MedianTotalSeconds:0} s, slowdown {slowdown?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-"}"));
                ablation.Add(new JsonObject
                {
                    ["strategy"] = name, ["without"] = v, ["reached"] = minus.Reached, ["median_seconds"] = minus.MedianSeconds,
                    ["median_total_seconds"] = minus.MedianTotalSeconds, ["slowdown_vs_needle"] = slowdown,
                });
            }
            if (Needle.Used.Count == 0) lines.Add("  (no vector in needle, so nothing to ablate)");
            lines.Add("what-if (needle PLUS one vector its evidence switched off — NOT part of needle; speed-up = needle's median / its median):");
            foreach (var v in Needle.WhatIf)
            {
                var name = NeedleStrategies.PlusPrefix + v.ToLowerInvariant();
                if (!summaries.TryGetValue(name, out var plus)) continue;
                double? speedup = plus.MedianSeconds is { } m && needle.MedianSeconds is { } n && m > 0 ? n / m : null;
                lines.Add(I($"  {name,-17} reached {plus.Reached}/{plus.Repetitions}, median {plus.MedianSeconds?.ToString("0", CultureInfo.InvariantCulture) ?? "not reached"} s, median total {plus.MedianTotalSeconds:0} s, speed-up vs needle {speedup?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-"}"));
                whatIf.Add(new JsonObject
                {
                    ["strategy"] = name, ["with"] = v, ["part_of_needle"] = false, ["reached"] = plus.Reached, ["median_seconds"] = plus.MedianSeconds,
                    ["median_total_seconds"] = plus.MedianTotalSeconds, ["speedup_vs_needle"] = speedup,
                });
            }
        }
        if (claim.Speedup is { } sp && summaries.TryGetValue(NeedleStrategies.Needle, out var reached) && reached.MedianSeconds is null)
            lines.Add(I($"needle's speed-up over the grid: NOT REACHED — needle reached the target in {reached.Reached}/{reached.Repetitions} repetitions, so its median time-to-target is +∞ (recorded as speed-up 0, 95% bootstrap interval [{sp.Low:0.00}, {sp.High:0.00}]); the most this history can show: {claim.Statistic["max_measurable_speedup"]:0.0}×"));
        else if (claim.Speedup is { } sp2)
            lines.Add(I($"needle's speed-up over the grid: {sp2.Median:0.00}× (95% bootstrap interval [{sp2.Low:0.00}, {sp2.High:0.00}], {sp2.Resamples} resamples, seed {CompoundedClaim.BootstrapSeed}); the most this history can show: {claim.Statistic["max_measurable_speedup"]:0.0}×"));
        foreach (var note in claim.Notes) lines.Add(note);
        lines.Add($"H (≥ 50× cheaper than the grid, falsifiers passing): {claim.VerdictWords.ToUpperInvariant()} — on the {_table.Manifest.ExportedTrials}-of-{_table.Manifest.PlannedTrials}-trial export{(_table.Manifest.Partial ? " (PARTIAL)" : "")}");

        var stat = new JsonObject();
        foreach (var (k, v) in claim.Statistic.OrderBy(kv => kv.Key, StringComparer.Ordinal)) stat[k] = v;
        var json = new JsonObject
        {
            ["vectors_used"] = new JsonArray([.. Needle.Used.Select(v => (JsonNode?)v)]),
            ["vectors_not_used"] = new JsonArray([.. Needle.NotUsed.Select(n => (JsonNode?)new JsonObject { ["vector"] = n.Vector, ["reason"] = n.Reason })]),
            ["speedup_over_grid"] = claim.Speedup is { } s2 ? new JsonObject { ["median"] = s2.Median, ["ci95_low"] = s2.Low, ["ci95_high"] = s2.High, ["resamples"] = s2.Resamples, ["seed"] = CompoundedClaim.BootstrapSeed } : null,
            ["ablation"] = ablation,
            ["what_if"] = whatIf,
            ["h_statistic"] = stat,
            ["h_verdict"] = claim.VerdictWords,
            ["h_notes"] = new JsonArray([.. claim.Notes.Select(n => (JsonNode?)n)]),
            ["exported_trials"] = _table.Manifest.ExportedTrials,
        };
        if (writeEvidence)
        {
            if (!names.Contains("grid") || !names.Contains("asha") || !names.Contains(NeedleStrategies.Needle))
                throw new CliInputException("--write-evidence needs --strategy with needle, grid and asha");
            var command = $"needle replay --strategy {string.Join(',', names.Where(n => !NeedleStrategies.IsCompound(n) || n == NeedleStrategies.Needle))} --repetitions {repetitions} --write-evidence";
            var path = HEvidence.Write(_root, _historyDirectory, _table, claim, command, json.DeepClone());
            lines.Add($"wrote {Path.GetRelativePath(_root, path)}");
            json["evidence"] = Path.GetRelativePath(_root, path);
        }
        return new Result(json, lines);
    }
}
