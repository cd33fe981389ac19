using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Search.Accelerators.Proxies;
using Needle.Search.History;
using Needle.Search.Running;
using Needle.Search.Space;
using Needle.Search.Study;
using Needle.Training.Data;
using Needle.Training.Proxies;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle proxies --space FILE [--out CACHE] [--json]</c>: V2's zero-cost proxies (synflow, grad_norm, snip, NASWOT)
/// and the baselines (params, FLOPs per token) of every configuration of a history or race space, at initialisation
/// on the fixed real batch of the space's master seed. <c>needle proxies --gate [--cache C] [--history D] [--plot SVG]</c>:
/// the pre-registered V2 gate on the held-out fold, every proxy's ρ side by side.
/// </summary>
public sealed class ProxiesVerb : ICliVerb
{
    public Command Build()
    {
        var space = new Option<FileInfo?>("--space") { Description = "A history space (spaces/history.json) or a race space file." };
        var output = new Option<FileInfo?>("--out") { Description = $"Write the proxy cache here (e.g. {ProxyCache.HistoryCachePath})." };
        var gate = new Option<bool>("--gate") { Description = "Judge the cached proxies against the history's rung-2 BPB on fold 0 (the V2 gate)." };
        var cache = new Option<FileInfo>("--cache") { Description = "The proxy cache the gate reads.", DefaultValueFactory = _ => new FileInfo(ProxyCache.HistoryCachePath) };
        var history = new Option<DirectoryInfo>("--history") { Description = "History directory.", DefaultValueFactory = _ => new DirectoryInfo("data/history") };
        var plot = new Option<FileInfo?>("--plot") { Description = "With --gate: write the best proxy vs rung-2 BPB scatter (SVG) with ρ." };
        var json = new Option<bool>("--json") { Description = "Machine-readable result as the last stdout line." };
        var command = new Command("proxies", "Zero-cost proxies of every configuration of a space (V2), or the V2 gate on the history's held-out fold.")
        {
            space, output, gate, cache, history, plot, json,
        };
        command.SetAction((parse, _) => RaceStudyFile.Guard(() => Task.FromResult(parse.GetValue(gate)
            ? Gate(parse.GetValue(cache)!, parse.GetValue(history)!, parse.GetValue(plot), parse.GetValue(json))
            : Compute(parse.GetValue(space) ?? throw new CliInputException("give --space FILE (or --gate to judge a cache)"), parse.GetValue(output), parse.GetValue(json)))));
        return command;
    }

    private static int Compute(FileInfo spaceFile, FileInfo? output, bool json)
    {
        var (entries, batchSeed, sha) = SpaceEntries.Read(spaceFile.FullName);
        var corpus = TinyShakespeare.Load();
        var rows = new List<ProxyRow>();
        foreach (var e in entries)
        {
            var config = EngineTrialConfig.From(e.Spec, e.Horizon);
            var scores = ZeroCostProxies.Compute(config, corpus, batchSeed);
            var row = new ProxyRow
            {
                ConfigId = e.Id, Family = config.Model.Model, Seed = e.Spec.Seed,
                Scores = new SortedDictionary<string, double?>(scores.ToDictionary(kv => kv.Key, kv => double.IsFinite(kv.Value) ? kv.Value : (double?)null), StringComparer.Ordinal),
            };
            rows.Add(row);
            if (!json) Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Id,-8} {row.Family,-9} {string.Join("  ", ZeroCostProxies.All.Select(p => $"{p.Name}={Show(row.Scores[p.Name])}"))}"));
        }
        var cache = new ProxyCache(new ProxyCacheHeader
        {
            Space = Relative(spaceFile.FullName), SpaceSha256 = sha, Commit = HistoryBuilder.Commit, BatchSeed = batchSeed,
            BatchSequences = ProxyBatch.Sequences, Command = $"needle proxies --space {Relative(spaceFile.FullName)}{(output is null ? "" : " --out " + Relative(output.FullName))}",
        }, rows);
        if (output is not null)
        {
            cache.Write(output.FullName);
            if (!json) Console.Out.WriteLine($"wrote {rows.Count} configurations' proxies to {output.FullName}");
        }
        if (json)
            RaceStudyFile.WriteJson(new JsonObject
            {
                ["space"] = cache.Header.Space, ["space_sha256"] = sha, ["batch_seed"] = batchSeed, ["configs"] = rows.Count,
                ["rows"] = JsonSerializer.SerializeToNode(rows),
            });
        return ExitCodes.Ok;
    }

    private static int Gate(FileInfo cacheFile, DirectoryInfo historyDir, FileInfo? plot, bool json)
    {
        var cache = ProxyCache.Read(cacheFile.FullName);
        var table = HistoryTable.Load(historyDir.FullName);
        var heldOut = ProxyGate.HeldOut(table, cache);
        var result = ProxyGate.Evaluate(heldOut);
        var promotion = PromotionOutcome.Measure(table, cache, result.BestProxy);
        if (plot is not null) File.WriteAllText(plot.FullName, ProxyScatter.Svg(heldOut, result, table.Manifest.ExportedTrials));
        if (json)
        {
            var rhos = new JsonObject();
            foreach (var c in result.Correlations) rhos[c.Proxy] = c.Rho;
            RaceStudyFile.WriteJson(new JsonObject
            {
                ["exported_trials"] = table.Manifest.ExportedTrials, ["partial_history"] = table.Manifest.Partial, ["sample"] = result.Sample,
                ["rho"] = rhos, ["best_proxy"] = result.BestProxy, ["holds"] = result.Holds, ["reason"] = result.Reason,
                ["promoted"] = promotion.Promoted, ["promoted_failing"] = promotion.PromotedFailing, ["promoted_failing_share"] = promotion.FailingShare,
            });
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine(FormattableString.Invariant(
            $"V2 gate on fold 0 of the history export ({table.Manifest.ExportedTrials} trials{(table.Manifest.Partial ? ", PARTIAL" : "")}): n = {result.Sample} configurations with a rung-2 BPB"));
        foreach (var c in result.Correlations)
            Console.Out.WriteLine(FormattableString.Invariant($"  {c.Proxy,-16} ρ = {c.Rho,7:0.000}{(c.Proxy == result.BestProxy ? "  (best candidate)" : "")}"));
        Console.Out.WriteLine($"verdict: {(result.Holds ? "holds" : "V2 disabled")} — {result.Reason}");
        Console.Out.WriteLine(FormattableString.Invariant(
            $"promoted by {promotion.Proxy} (top {1 - ProxyFilter.DefaultDropShare:0%}) on folds 1-4: {promotion.PromotedFailing} of {promotion.Promoted} fail the full rung ({promotion.FailingShare:0.0%}; plan: ≤ 30%)"));
        return ExitCodes.Ok;
    }

    private static string Show(double? v) => v is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : "-inf";

    private static string Relative(string path)
    {
        var rel = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel.Replace('\\', '/');
    }
}

/// <summary>The configurations of a space file, history or race, as (id, trial on its first seed, horizon).</summary>
internal static class SpaceEntries
{
    public sealed record Entry(string Id, TrialSpec Spec, long Horizon);

    public static (IReadOnlyList<Entry> Entries, ulong BatchSeed, string Sha256) Read(string path)
    {
        if (!File.Exists(path)) throw new CliInputException($"{path}: no such space file. Pass --space with a history or race space file.");
        var text = File.ReadAllText(path);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        // A history space carries a master seed; a race space never does (its ladder, if any, is a "STEPS:ETA" string,
        // so the ladder cannot tell them apart). A file that is not JSON is reported by the race space's parser, with its line.
        if (IsHistorySpace(text))
        {
            var h = HistorySpace.Parse(text, path);
            return ([.. h.Configs.Select(c => new Entry(c.Id, c.Spec(h.Seeds[0]), h.Horizon))], h.MasterSeed, h.Sha256);
        }
        var r = RaceSpace.Parse(text, path);
        // A race space has no master seed: its first seed chooses the batch (and seeds every model).
        return ([.. r.Configs.Select((c, i) => new Entry(
            string.Create(CultureInfo.InvariantCulture, $"E{r.ExperimentIdStart + i:D4}"), new TrialSpec(r.CanonName(i, r.Seeds[0]), r.Seeds[0], c), 2000))], r.Seeds[0], sha);
    }

    private static bool IsHistorySpace(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("masterSeed", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
