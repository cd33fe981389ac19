using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Gates;
using Needle.Search.History;

namespace Needle.Search.Compound;

/// <summary>
/// Writes assertions/evidence/H.json (schema needle-evidence/1, invariant INV-28) from a measured
/// <see cref="CompoundedClaim"/>: the statistic, the verdict the predicate gives on it, the inputs' hashes, HEAD, and
/// which history export it used. Only code writes it; the audit re-checks the verdict against the statistic.
/// </summary>
public static class HEvidence
{
    public static string PathOf(string repositoryRoot) => Path.Combine(repositoryRoot, "assertions", "evidence", "H.json");

    public static string Write(string repositoryRoot, string historyDirectory, HistoryTable table, CompoundedClaim claim, string command, JsonNode details)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(claim);
        var inputs = new JsonObject();
        foreach (var file in new[]
                 {
                     Path.Combine(historyDirectory, HistoryTable.LinesFile), Path.Combine(historyDirectory, HistoryTable.ManifestFile),
                     Path.Combine(repositoryRoot, PreregisteredPlan.RelativePath), Path.Combine(repositoryRoot, GateBook.RelativePath),
                     Path.Combine(repositoryRoot, LedgerReproduction.LedgerPath), Path.Combine(repositoryRoot, "assertions", "evidence", "V2.json"),
                 }.Where(File.Exists))
            inputs[Path.GetRelativePath(repositoryRoot, file).Replace('\\', '/')] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        var statistic = new JsonObject();
        foreach (var (k, v) in claim.Statistic.OrderBy(kv => kv.Key, StringComparer.Ordinal)) statistic[k] = v;
        var root = new JsonObject
        {
            ["schema"] = "needle-evidence/1", ["vector"] = "H", ["invariant"] = "INV-28",
            ["commit"] = new GitCommitOracle(repositoryRoot).Head(), ["suite"] = "needle replay --strategy needle (CompoundedClaim)",
            ["inputs"] = inputs, ["statistic"] = statistic, ["verdict"] = claim.Verdict,
            ["written_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["command"] = command,
            ["notes"] = $"H is {claim.VerdictWords} on the {table.Manifest.ExportedTrials}-of-{table.Manifest.PlannedTrials}-trial export{(table.Manifest.Partial ? " (PARTIAL)" : "")}. " + string.Join(" | ", claim.Notes),
            ["details"] = details,
        };
        var path = PathOf(repositoryRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return path;
    }
}
