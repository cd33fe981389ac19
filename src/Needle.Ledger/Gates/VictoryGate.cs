using System.Globalization;
using Needle.Core.Git;
using Needle.Core.Canon;
using Needle.Core.Invariants;
using Needle.Core.Ledger;
using Needle.Core.Statistics;

namespace Needle.Core.Gates;

/// <summary>
/// Decides whether a ledger holds a victory for a gate. The decision is a pure function of the set of rows:
/// rows are grouped into claims (canon name up to the seed) and sorted by seed and run_id before anything is
/// counted, so the order of lines in the file can never change it, and the seeds and the mean a verdict cites
/// always describe the same rows (docs/decisions.md).
/// </summary>
public static class VictoryGate
{
    /// <summary>Evaluates <paramref name="gate"/> over the well-formed rows of a ledger.</summary>
    [Invariant("INV-6")]
    public static GateOutcome Evaluate(IReadOnlyList<LedgerEntry> entries, GateBook book, PreregisteredPlan plan,
        GateDefinition gate, ICommitOracle commits, VictoryOptions? options = null)
    {
        options ??= new VictoryOptions();
        var arms = ArmsFor(plan, options.Arms);
        var alpha = Bonferroni.Alpha(gate.Alpha, arms);
        var now = (options.Clock ?? TimeProvider.System).GetUtcNow();
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
            .Select(g => EvaluateClaim(g.Key, g.ToList(), reproductionsOf, book, gate, commits, options, alpha, now))
            .ToList();

        var ledgerFindings = new List<GateFinding>();
        if (claims.Count == 0)
            ledgerFindings.Add(new(GateRule.NotEnoughSeeds, null, null,
                $"no run in the ledger is on the gate's seeds {{{string.Join(", ", gate.Seeds)}}} or below its target {F(gate.TargetBpb)}"));
        return new GateOutcome(gate, alpha, arms, claims, tripwires, ledgerFindings);
    }

    /// <summary>
    /// The Bonferroni arm count: the pre-registered one (7 — the plan compares seven vector arms) unless more are
    /// asked for; fewer would loosen α after the fact, so it is refused.
    /// </summary>
    public static int ArmsFor(PreregisteredPlan plan, int? requested) => requested switch
    {
        null => plan.BonferroniArms,
        { } n when n >= plan.BonferroniArms => n,
        { } n => throw new ArgumentException(
            $"arms {n} is fewer than the pre-registered bonferroni_arms {plan.BonferroniArms} ({plan.File}): α may only be divided by more arms, never fewer"),
    };

    /// <summary>The claim a canon name belongs to: its experiment, the name with its seed replaced by '*'.</summary>
    public static string ClaimKey(string canon) => CanonName.Parse(canon).ExperimentKey;

    private static ClaimOutcome EvaluateClaim(string claim, List<LedgerEntry> rows,
        ILookup<string, LedgerEntry> reproductionsOf, GateBook book, GateDefinition gate, ICommitOracle commits,
        VictoryOptions options, double alpha, DateTimeOffset now)
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
            if (now < e.Row.Ts + book.Embargo)
                findings.Add(Finding(GateRule.UnderEmbargo, e,
                    $"under embargo until {LedgerRowSerializer.FormatTimestamp(e.Row.Ts + book.Embargo)} (ts + embargo_hours {F(book.EmbargoHours)}): " +
                    "a result counts only once it has been reproduced and its embargo has passed"));
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
                else if (r.Row.ConfigSha256 is { } rc && e.Row.ConfigSha256 is { } ec && rc != ec)
                    findings.Add(Finding(GateRule.ReproductionConfigDiffers, r,
                        $"config_sha256 {rc} differs from the reproduced run's {ec}: a reproduction must run the same configuration"));
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

    /// <summary>
    /// The victory predicate on a claim's gate-seed BPBs alone, as <see cref="EvaluateClaim"/> decides it once the rows
    /// are valid: at least <see cref="GateDefinition.MinDistinctSeeds"/> seeds, each strictly below the target, and the
    /// one-sample t-test against μ0 significant ("Better") at <paramref name="alpha"/> (already Bonferroni-divided).
    /// H's null simulation draws seeds from the null and counts how often this says "victory".
    /// </summary>
    public static bool IsVictory(IReadOnlyList<double> bpbs, GateDefinition gate, double alpha)
    {
        ArgumentNullException.ThrowIfNull(bpbs);
        ArgumentNullException.ThrowIfNull(gate);
        return bpbs.Count >= gate.MinDistinctSeeds && bpbs.All(b => b < gate.TargetBpb)
               && OneSampleTTest.LowerTail(bpbs, gate.Mu0, alpha).Verdict == Verdict.Better;
    }

    private static void CheckRow(LedgerEntry e, GateBook book, GateDefinition gate, ICommitOracle commits, List<GateFinding> findings)
    {
        var r = e.Row;
        if (r.Bpb < book.PlausibilityMin || r.Bpb > book.PlausibilityMax)
            findings.Add(Finding(GateRule.OutsidePlausibilityBand, e,
                $"bpb {F(r.Bpb)} is outside the plausibility band [{F(book.PlausibilityMin)}, {F(book.PlausibilityMax)}]"));
        if (r.Step < gate.MinStep)
            findings.Add(Finding(GateRule.StepBelowMinimum, e, $"step {r.Step} < {gate.MinStep}"));
        foreach (var (rule, message) in ShaProblems(r.Sha, book, commits))
            findings.Add(Finding(rule, e, message));
        if (ConfigProblem(r) is { } config)
            findings.Add(Finding(config.Rule, e, config.Message));
        if (r.CorpusSha256 != book.PinnedCorpusSha256)
            findings.Add(Finding(GateRule.CorpusMismatch, e,
                $"corpus_sha256 {r.CorpusSha256} is not the pinned TinyShakespeare {book.PinnedCorpusSha256}"));
        if (r.Split != book.CanonicalSplit)
            findings.Add(Finding(GateRule.SplitMismatch, e, $"split '{r.Split}' is not the canonical '{book.CanonicalSplit}'"));
    }

    /// <summary>
    /// What is wrong with a row's sha: not a commit; not reachable from HEAD; not descended from the commit that
    /// introduced the trainer. Shared by the gate and `ledger emit` (one implementation of the rule).
    /// </summary>
    public static IEnumerable<(GateRule Rule, string Message)> ShaProblems(string sha, GateBook book, ICommitOracle commits)
    {
        if (!commits.IsCommit(sha))
        {
            yield return (GateRule.ShaNotACommit, $"sha {sha} is not a commit of this repository (git cat-file -e {sha}^{{commit}} failed)");
            yield break;
        }
        if (!commits.IsAncestor(sha, "HEAD"))
            yield return (GateRule.ShaNotReachable, $"sha {sha} is not reachable from HEAD (git merge-base --is-ancestor {sha[..12]} HEAD failed): the code that produced it is not in this history");
        if (!commits.IsAncestor(book.TrainingSince, sha))
            yield return (GateRule.ShaBeforeTraining,
                $"sha {sha} does not descend from training_since {book.TrainingSince[..12]} (the commit that introduced the trainer): that code could not have produced the number");
    }

    /// <summary>A row without config_sha256, or whose config object does not hash to it.</summary>
    public static (GateRule Rule, string Message)? ConfigProblem(LedgerRow r) => r switch
    {
        { ConfigSha256: null } => (GateRule.ConfigHashMissing,
            "no config_sha256: copy it from `needle train --json` (its config_sha256) so a reproduction can be compared with what ran"),
        { ConfigJson: { } json, ConfigSha256: { } hash } when ConfigDigest.Sha256(json) != hash => (GateRule.ConfigHashMismatch,
            $"config hashes to {ConfigDigest.Sha256(json)}, not to config_sha256 {hash}: the config object is not the one that ran " +
            "(copy the exact text `needle train` prints after 'config '; re-serialising it, e.g. 1E-08 as 1e-08, changes the hash)"),
        _ => null,
    };

    private static GateFinding Finding(GateRule rule, LedgerEntry e, string message) => new(rule, e.Line, e.Row.RunId, message);

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
