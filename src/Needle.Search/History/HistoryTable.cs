using System.Security.Cryptography;
using System.Text.Json;
using Needle.Core.Contracts;

namespace Needle.Search.History;

/// <summary>
/// The committed history read back (<c>data/history/</c>): the manifest and every line, each checked; the file's
/// hash must match the manifest's. This is what replay and calibration read — CI reads it, never rebuilds it.
/// </summary>
public sealed record HistoryTable(HistoryManifest Manifest, IReadOnlyList<HistoryRecord> Records)
{
    public const string LinesFile = "history.jsonl";
    public const string ManifestFile = "manifest.json";

    public static HistoryTable Load(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFile);
        var linesPath = Path.Combine(directory, LinesFile);
        if (!File.Exists(manifestPath) || !File.Exists(linesPath))
            throw new InvalidDataException($"{directory}: no history here (need {ManifestFile} and {LinesFile}); build one with `needle history build` and `needle history export`.");
        var manifestText = File.ReadAllText(manifestPath);
        try
        {
            JsonContract.Require("history-manifest", manifestText, manifestPath);
        }
        catch (ContractException e)
        {
            throw new InvalidDataException($"{e.Message}; re-export the history with `needle history export`", e);
        }
        var manifest = JsonSerializer.Deserialize<HistoryManifest>(manifestText)!;
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(linesPath)));
        if (!manifest.Files.TryGetValue(LinesFile, out var expected) || expected != sha)
            throw new InvalidDataException($"{manifestPath}: field 'files.{LinesFile}' is {expected ?? "missing"}, the file's SHA-256 is {sha}; the data and the manifest disagree — re-export both.");
        var records = new List<HistoryRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(linesPath))
        {
            number++;
            if (line.Length == 0) continue;
            records.Add(HistoryLines.Read(line, linesPath, number));
        }
        if (records.Count != manifest.ExportedTrials)
            throw new InvalidDataException($"{manifestPath}: field 'exported_trials' is {manifest.ExportedTrials}, {linesPath} holds {records.Count} lines");
        return new HistoryTable(manifest, records);
    }

    /// <summary>The last rung (the horizon every completed trial reached).</summary>
    public long Horizon => Manifest.Ladder[^1];
}
