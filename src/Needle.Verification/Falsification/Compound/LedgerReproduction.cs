using Needle.Core.Git;
using Needle.Core.Gates;
using Needle.Core.Ledger;

namespace Needle.Search.Compound;

/// <summary>
/// H's falsifier 3 on the committed ledger (mode 8): of the rows that claim a victory — every gate seed below the
/// target — how many cannot be reproduced from their commit (no reproduction row, or one that disagrees or runs
/// another configuration). The ledger's own gate decides it (<see cref="LedgerCheck"/>, real git).
/// </summary>
public static class LedgerReproduction
{
    private static readonly HashSet<GateRule> Reproduction =
        [GateRule.NotReproduced, GateRule.ReproductionDisagrees, GateRule.ReproductionMismatch, GateRule.ReproductionConfigDiffers];

    public const string LedgerPath = "assertions/seed_results.jsonl";

    public static (int VictoryRows, int Unreproducible, string Note) Count(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, LedgerPath);
        var document = LedgerReader.Read(path);
        if (document.Entries.Count == 0)
            return (0, 0, $"falsifier 3: {LedgerPath} holds no data rows — no victory has been claimed, so none is unreproducible (vacuous; mode 8's witnesses show the check rejects an unreproduced row)");
        var book = GateBook.Load(Path.Combine(repositoryRoot, GateBook.RelativePath));
        var plan = PreregisteredPlan.Load(Path.Combine(repositoryRoot, PreregisteredPlan.RelativePath));
        var commits = new GitCommitOracle(repositoryRoot);
        int victories = 0, unreproducible = 0;
        foreach (var gate in book.Gates)
        {
            var result = LedgerCheck.Evaluate(document, book, plan, gate, commits);
            foreach (var claim in result.Outcome?.Claims ?? [])
            {
                var claimsVictory = claim.GateRows.Count >= gate.MinDistinctSeeds && claim.GateRows.All(r => r.Row.Bpb < gate.TargetBpb);
                if (!claimsVictory) continue;
                victories += claim.GateRows.Count;
                if (claim.Findings.Any(f => Reproduction.Contains(f.Rule))) unreproducible += claim.GateRows.Count;
            }
        }
        return (victories, unreproducible, $"falsifier 3: {victories} victory row(s) in {LedgerPath}, {unreproducible} not reproducible from their commit");
    }
}
