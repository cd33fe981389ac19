using System.Globalization;
using Needle.Core.Canon;
using Needle.Core.Invariants;
using Needle.Core.Ledger;
using Needle.Core.Statistics;

namespace Needle.Core.Gates;

/// <summary>
/// Decides whether a ledger holds a victory for a gate. The decision is a pure function of the set of rows:
/// rows are grouped into claims (canon name up to the seed) and sorted by seed and run_id before anything is
/// counted, so the order of lines in the file can never change it (the upstream's could: its winning seeds
/// and its mean could describe different rows).
/// </summary>
public static class VictoryGate
{
    /// <summary>Evaluates <paramref name="gate"/> over the well-formed rows of a ledger.</summary>
    [Invariant("INV-6")]
    public static GateOutcome Evaluate(IReadOnlyList<LedgerEntry> entries, GateBook book, GateDefinition gate,
        ICommitOracle commits, VictoryOptions? options = null)
    {
        options ??= new VictoryOptions();
        var alpha = Bonferroni.Alpha(gate.Alpha, options.Arms);
        var sorted = entries.OrderBy(e => e.Row.Seed).ThenBy(e => e.Row.RunId, StringComparer.Ordinal).ToList();

        var tripwires = sorted
            .Where(e => e.Row.Bpb < book.ArchitecturalFloor && e.Row.ReviewedBy is null)
            .Select(e => Finding(GateRule.Tripwire, e,
                $"bpb {F(e.Row.Bpb)} is below the architectural floor {F(book.ArchitecturalFloor)} and has no reviewed_by: " +
                "`ledger emit` refuses such rows, so this one was written around needle: suspected ledger corruption — " +
                "investigate, and quarantine the file rather than editing it"))
            .ToList();

        var reproductionsOf = sorted.Where(e => e.Row.IsReproduction).ToLookup(e => e.Row.Reproduces!, StringComparer.Ordinal);
        var claims = sorted
            .Where(e => !e.Row.IsReproduction)
            .GroupBy(e => ClaimKey(e.Row.Canon), StringComparer.Ordinal)
            .Where(g => g.Any(e => gate.Seeds.Contains(e.Row.Seed) || e.Row.Bpb < gate.TargetBpb))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => EvaluateClaim(g.Key, g.ToList(), reproductionsOf, book, gate, commits, options, alpha))
            .ToList();

        var ledgerFindings = new List<GateFinding>();
        if (claims.Count == 0)
            ledgerFindings.Add(new(GateRule.NotEnoughSeeds, null, null,
                $"no run in the ledger is on the gate's seeds {{{string.Join(", ", gate.Seeds)}}} or below its target {F(gate.TargetBpb)}"));
        return new GateOutcome(gate, alpha, claims, tripwires, ledgerFindings);
    }

    /// <summary>The claim a canon name belongs to: the name with its seed replaced by '*'.</summary>
    public static string ClaimKey(string canon)
    {
        var name = CanonName.Parse(canon);
        var text = (name with { Seed = 0 }).ToString();
        return text[..^1] + "*";
    }

    private static ClaimOutcome EvaluateClaim(string claim, List<LedgerEntry> rows,
        ILookup<string, LedgerEntry> reproductionsOf, GateBook book, GateDefinition gate, ICommitOracle commits,
        VictoryOptions options, double alpha)
    {
        var findings = new List<GateFinding>();
        var gateRows = rows.Where(e => gate.Seeds.Contains(e.Row.Seed)).ToList();

        foreach (var seed in gateRows.GroupBy(e => e.Row.Seed).Where(g => g.Count() > 1))
            foreach (var e in seed)
                findings.Add(Finding(GateRule.DuplicateSeed, e,
                    $"seed {seed.Key} has {seed.Count()} runs in this claim (run_ids {string.Join(", ", seed.Select(x => x.Row.RunId))}); " +
                    "duplicate seeds are rejected, never merged — mark re-runs with `reproduces`"));

        foreach (var e in gateRows)
        {
            CheckRow(e, book, gate, commits, findings);
            var reproductions = reproductionsOf[e.Row.RunId].ToList();
            if (reproductions.Count == 0)
                findings.Add(Finding(GateRule.NotReproduced, e,
                    $"no row reproduces it (a row with the same canon and seed and reproduces = \"{e.Row.RunId}\")"));
            foreach (var r in reproductions)
            {
                CheckRow(r, book, gate, commits, findings);
                if (r.Row.Canon != e.Row.Canon || r.Row.Seed != e.Row.Seed)
                    findings.Add(Finding(GateRule.ReproductionMismatch, r,
                        $"reproduces {e.Row.RunId} ({e.Row.Canon}, seed {e.Row.Seed}) but is {r.Row.Canon}, seed {r.Row.Seed}"));
                else if (Math.Abs(r.Row.Bpb - e.Row.Bpb) > book.ReproductionTolerance + 1e-12)
                    findings.Add(Finding(GateRule.ReproductionDisagrees, r,
                        $"bpb {F(r.Row.Bpb)} differs from the reproduced {F(e.Row.Bpb)} by {F(Math.Abs(r.Row.Bpb - e.Row.Bpb))} > {F(book.ReproductionTolerance)}"));
            }
        }

        var winningSeeds = gateRows.Where(e => e.Row.Bpb < gate.TargetBpb).Select(e => e.Row.Seed).Distinct().Count();
        if (winningSeeds < gate.MinDistinctSeeds)
        {
            findings.Add(new(GateRule.NotEnoughSeeds, null, null,
                $"{winningSeeds} distinct seed(s) of {{{string.Join(", ", gate.Seeds)}}} have bpb < {F(gate.TargetBpb)}; {gate.MinDistinctSeeds} required"));
            foreach (var e in rows.Where(e => !gate.Seeds.Contains(e.Row.Seed) && e.Row.Bpb < gate.TargetBpb))
                findings.Add(Finding(GateRule.SeedOutsideSet, e,
                    $"seed {e.Row.Seed} beats the target but is not one of the gate's seeds {{{string.Join(", ", gate.Seeds)}}}, so it cannot count"));
        }
        foreach (var e in gateRows.Where(e => e.Row.Bpb >= gate.TargetBpb))
            findings.Add(Finding(GateRule.NotEnoughSeeds, e, $"bpb {F(e.Row.Bpb)} is not strictly below the target {F(gate.TargetBpb)}"));

        findings = findings.Distinct()
            .OrderBy(f => f.Rule).ThenBy(f => f.RunId, StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();
        if (findings.Count > 0) return new ClaimOutcome(claim, gateRows, findings, null, null, null);

        var bpbs = gateRows.Select(e => e.Row.Bpb).ToList();
        var oneSample = OneSampleTTest.LowerTail(bpbs, gate.Mu0, alpha);
        var welch = options.BaselineBpbs is { } baseline ? WelchTTest.LowerTail(bpbs, baseline, alpha) : null;
        var verdict = welch is null ? oneSample.Verdict
            : oneSample.Verdict == Verdict.Better && welch.Verdict == Verdict.Better ? Verdict.Better
            : oneSample.Verdict == Verdict.Worse || welch.Verdict == Verdict.Worse ? Verdict.Worse
            : Verdict.Indistinguishable;
        return new ClaimOutcome(claim, gateRows, findings, oneSample, welch, verdict);
    }

    private static void CheckRow(LedgerEntry e, GateBook book, GateDefinition gate, ICommitOracle commits, List<GateFinding> findings)
    {
        var r = e.Row;
        if (r.Bpb < book.PlausibilityMin || r.Bpb > book.PlausibilityMax)
            findings.Add(Finding(GateRule.OutsidePlausibilityBand, e,
                $"bpb {F(r.Bpb)} is outside the plausibility band [{F(book.PlausibilityMin)}, {F(book.PlausibilityMax)}]"));
        if (r.Step < gate.MinStep)
            findings.Add(Finding(GateRule.StepBelowMinimum, e, $"step {r.Step} < {gate.MinStep}"));
        if (!commits.IsCommit(r.Sha))
            findings.Add(Finding(GateRule.ShaNotACommit, e, $"sha {r.Sha} is not a commit of this repository (git cat-file -e {r.Sha}^{{commit}} failed)"));
        if (r.CorpusSha256 != book.PinnedCorpusSha256)
            findings.Add(Finding(GateRule.CorpusMismatch, e,
                $"corpus_sha256 {r.CorpusSha256} is not the pinned TinyShakespeare {book.PinnedCorpusSha256}"));
        if (r.Split != book.CanonicalSplit)
            findings.Add(Finding(GateRule.SplitMismatch, e, $"split '{r.Split}' is not the canonical '{book.CanonicalSplit}'"));
    }

    private static GateFinding Finding(GateRule rule, LedgerEntry e, string message) => new(rule, e.Line, e.Row.RunId, message);

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
