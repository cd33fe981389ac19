using System.Text.Json.Nodes;
using Needle.Core.Git;
using Needle.Core.Falsification;
using Needle.Core.Gates;
using Needle.Search.History;

namespace Needle.Search.Compound;

/// <summary>
/// Writes assertions/evidence/H.json (through the one writer, <see cref="EmpiricalEvidence"/>; invariant INV-28) from a measured
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
        var inputs = new[]
            {
                Path.Combine(historyDirectory, HistoryTable.LinesFile), Path.Combine(historyDirectory, HistoryTable.ManifestFile),
                Path.Combine(repositoryRoot, PreregisteredPlan.RelativePath), Path.Combine(repositoryRoot, GateBook.RelativePath),
                Path.Combine(repositoryRoot, LedgerReproduction.LedgerPath), Path.Combine(repositoryRoot, "assertions", "evidence", "V2.json"),
            }.Where(File.Exists)
            .ToDictionary(f => Path.GetRelativePath(repositoryRoot, f).Replace('\\', '/'), EmpiricalEvidence.Sha256Of);
        var notes = $"H is {claim.VerdictWords} on the {table.Manifest.ExportedTrials}-of-{table.Manifest.PlannedTrials}-trial export{(table.Manifest.Partial ? " (PARTIAL)" : "")}. " + string.Join(" | ", claim.Notes);
        new EmpiricalEvidence("H", "INV-28", new GitCommitOracle(repositoryRoot).Head(), "needle replay --strategy needle (CompoundedClaim)",
            inputs, claim.Statistic, claim.Verdict, command, notes, details.AsObject()).Write(repositoryRoot);
        var path = PathOf(repositoryRoot);
        return path;
    }
}
