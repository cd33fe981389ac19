using System.Globalization;
using Needle.Core.Contracts;
using Needle.Core.Seeds;

namespace Needle.Search.Space;

/// <summary>
/// A race's search space (<c>needle race --space SPACE.json</c>): one model family and format, a list of configs,
/// and the seeds each config runs with. Every config gets its own experiment id (E-number, increasing from
/// <see cref="ExperimentIdStart"/>), and each (config, seed) is one trial named
/// <c>IGLA-&lt;MODEL&gt;-&lt;FORMAT&gt;[-&lt;TAG&gt;]-E&lt;NNNN&gt;-seed&lt;N&gt;</c>.
/// <code>
/// { "name": "demo", "model": "TRAIN_V2", "format": "FP32", "tag": "WSD", "experimentIdStart": 101,
///   "seeds": [42, 43] | "phiSeeds": 3, "minimumStep": 0, "hyperband": false,
///   "ladder": "500,2000,8000:4", "reportEvery": 100,
///   "configs": [ { "lr": 0.004, "hidden": 256 }, … ] }
/// </code>
/// <c>ladder</c> and <c>reportEvery</c> are optional: the race's defaults for this space when the command line
/// does not give <c>--ladder</c> / <c>--report-every</c> (a space sized for a short first run carries a short ladder).
/// <c>fillBudget</c> (optional, default false): a new race of this space without <c>--ladder</c> stretches the ladder so
/// its plan fills the race's wall-clock budget on this machine (the race measures the speed when it creates the study).
/// </summary>
public sealed record RaceSpace(
    string Name, string Model, string Format, string? Tag, int ExperimentIdStart, IReadOnlyList<uint> Seeds,
    long MinimumStep, bool Hyperband, IReadOnlyList<IReadOnlyDictionary<string, string>> Configs,
    Needle.Core.Rungs.RungLadder? Ladder = null, int? ReportEvery = null, bool FillBudget = false)
{
    /// <summary>Reads and validates <paramref name="path"/>; errors name the file, line and field.</summary>
    public static RaceSpace Load(string path)
    {
        return Parse(SpaceJson.ReadFile(path, "Pass --space with a JSON search-space file (see docs/search.md)."), path);
    }

    /// <summary>Parses space JSON; <paramref name="source"/> names it in errors.</summary>
    public static RaceSpace Parse(string json, string source)
    {
        using (var doc = SpaceJson.Parse(json, source))
        {
            var root = doc.RootElement;
            // Structure (required fields, types, ranges, unknown fields) is the contract in schemas/race-space.schema.json;
            // what a schema cannot say (duplicate seeds, E-numbers past E9999, the ladder's syntax) is checked below.
            if (Needle.Core.Contracts.JsonContract.Check("race-space", root, json, source) is [var first, ..])
                throw new SpaceFileException(first + ". Fix the space file and run again.");
            var name = root.GetProperty("name").GetString()!;
            var model = root.GetProperty("model").GetString()!;
            var format = root.GetProperty("format").GetString()!;
            var tag = root.TryGetProperty("tag", out var t) ? t.GetString() : null;
            var eStart = ContractNumbers.Int32(root.GetProperty("experimentIdStart"));
            var seeds = root.TryGetProperty("seeds", out var s)
                ? s.EnumerateArray().Select(ContractNumbers.UInt32).ToList()
                : Enumerable.Range(1, ContractNumbers.Int32(root.GetProperty("phiSeeds"))).Select(PhiAnchoredSeeds.Seed).ToList();
            if (seeds.Distinct().Count() != seeds.Count) throw Error(json, source, "seeds", "contains a duplicate seed");
            var minimumStep = root.TryGetProperty("minimumStep", out var m) ? ContractNumbers.Int64(m) : 0;
            var hyperband = root.TryGetProperty("hyperband", out var h) && h.GetBoolean();
            var configs = root.GetProperty("configs").EnumerateArray()
                .Select(cfg => (IReadOnlyDictionary<string, string>)new SortedDictionary<string, string>(
                    cfg.EnumerateObject().ToDictionary(p => p.Name, p => SpaceJson.ConfigText(p.Value)!), StringComparer.Ordinal))
                .ToList();
            if (eStart + configs.Count - 1 > 9999) throw Error(json, source, "experimentIdStart", $"{eStart} + {configs.Count} configs passes E9999");

            Needle.Core.Rungs.RungLadder? ladder = null;
            if (root.TryGetProperty("ladder", out var l))
            {
                try
                {
                    ladder = Needle.Core.Rungs.RungLadder.Parse(l.GetString()!);
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    throw Error(json, source, "ladder", $"is not a ladder ({ex.Message}); write it as \"STEPS:ETA\", e.g. \"500,2000,8000:4\"");
                }
            }
            int? reportEvery = null;
            if (root.TryGetProperty("reportEvery", out var re))
            {
                var every = ContractNumbers.Int32(re);
                if (ladder is not null && ladder.Steps.Any(r => r % every != 0))
                    throw Error(json, source, "reportEvery", $"{every} does not divide every rung of the ladder {ladder}; pick one that does");
                reportEvery = every;
            }
            var fillBudget = root.TryGetProperty("fillBudget", out var fb) && fb.GetBoolean();
            if (fillBudget && ladder is null)
                throw Error(json, source, "fillBudget", "needs a \"ladder\" to stretch; add one (e.g. \"500,2000,8000:4\") or remove fillBudget");
            return new RaceSpace(name, model, format, tag, eStart, seeds, minimumStep, hyperband, configs, ladder, reportEvery, fillBudget);
        }
    }

    /// <summary>The canon name of config <paramref name="configIndex"/> with <paramref name="seed"/>.</summary>
    public string CanonName(int configIndex, uint seed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"IGLA-{Model}-{Format}{(string.IsNullOrEmpty(Tag) ? "" : "-" + Tag)}-E{ExperimentIdStart + configIndex:D4}-seed{seed}");

    private static SpaceFileException Error(string json, string source, string? field, string what) =>
        SpaceJson.Error(json, source, field, what);
}
