using System.Globalization;
using System.Security.Cryptography;
using Needle.Core.Canon;
using Needle.Search.Asha;
using Needle.Search.Hunt;
using Needle.Search.Study;
using Needle.Training.Data;
using Needle.Training.Models.Families;

namespace Needle.Search.Smoke;

/// <summary>
/// The 15 acceptance criteria of the GATE-0 smoke race, each a pure function of the gathered evidence, so each can be
/// fed violating evidence in a unit test and seen to go RED. Criteria 7, 9 and 12 can only check the configuration
/// (the GATE-0 plan has no GF16 run and its names carry no experiment id); they say so (<see cref="SmokeCriterion.ConfigurationOnly"/>).
/// The others judge what the race did: the study's trials, reports and decisions, the slots, the hunt, the corpus.
/// </summary>
public static class SmokeCriteria
{
    /// <summary>A run has learned when its last BPB is below this (the corpus's unigram entropy is 4.78 bits).</summary>
    public const double LearnedBpb = 4.0;

    /// <summary>Bits per byte of the validation split's byte frequencies (what a model that learned only them would score).</summary>
    public const double UnigramEntropy = 4.78;

    /// <summary>Highest plausible next-byte BPB: a uniform guess over 256 bytes is 8 bits.</summary>
    public const double MaxPlausibleBpb = 8.0;

    public static IReadOnlyList<SmokeCriterion> Evaluate(SmokeEvidence e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return
        [
            NamesValidForDeploy(e), EveryRunEndedAsTheLadderDecided(e), AshaPrunedAtARung(e), EveryReportInStudy(e),
            NamesUnique(e), EveryRunLearned(e), Gf16OnlyWithWideHidden(e), LeaderboardRanksEveryFinisher(e),
            NoChampionLockedId(e), DivergingRunKilledAndReplaced(e), CancelLeavesConsistentStudy(e), ExperimentIdsIncreasing(e),
            RerunIsIdempotent(e), KilledRunResumesFromCheckpoint(e), CorpusHashPinned(e),
        ];
    }

    private static IReadOnlyList<DeployViolation> Deploy(SmokeEvidence e) =>
        DeployValidator.Validate(e.Runs.Select(r => new DeployCandidate(r.Canon, r.Hidden)).ToList());

    private static string Violations(IEnumerable<DeployViolation> v) =>
        string.Join("; ", v.Take(3).Select(x => $"{x.Name}: {x.Rule} ({x.Message})"));

    private static string F(double x) => x.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The deploy rules that criteria 5, 7, 9 and 12 judge on their own (so one broken rule turns one criterion RED).</summary>
    private static readonly DeployRule[] JudgedElsewhere =
        [DeployRule.DuplicateName, DeployRule.Gf16HiddenTooSmall, DeployRule.ChampionLockedExperimentId, DeployRule.ExperimentIdNotIncreasing];

    public static SmokeCriterion NamesValidForDeploy(SmokeEvidence e)
    {
        var v = Deploy(e).Where(x => !JudgedElsewhere.Contains(x.Rule)).ToList();
        var added = e.Runs.Count(r => !r.Declared);
        return new(1, "names valid for deploy: canon form, smoke seed range (the study's names, hunt replacements included)", e.Runs.Count > 0 && v.Count == 0,
            v.Count == 0 ? $"DeployValidator: {e.Runs.Count} names in the study ({added} added by the hunt), 0 violations"
                : $"{v.Count} violation(s): {Violations(v)}");
    }

    public static SmokeCriterion EveryRunEndedAsTheLadderDecided(SmokeEvidence e)
    {
        var bad = new List<string>();
        foreach (var r in e.Runs)
        {
            var decisions = e.Decisions.Where(d => d.Canon == r.Canon).ToList();
            var endStep = r.End?.Step ?? 0;
            var ok = r.State switch
            {
                TrialState.Completed => endStep == e.Steps && decisions.Count > 0 && decisions[^1] is { Outcome: nameof(RungOutcome.Complete) } c && c.Rung == e.Steps,
                TrialState.Pruned => decisions.Count > 0 && decisions[^1] is { Outcome: nameof(RungOutcome.Stop) } s && s.Rung < e.Steps && s.Rung == endStep,
                TrialState.Killed or TrialState.Diverged => r.Diverging && r.Error is { } why && why.Contains("DIVERG", StringComparison.Ordinal),
                _ => false,
            };
            if (!ok) bad.Add($"{r.Canon} {r.State} at {endStep}{(r.Error is null ? "" : ": " + r.Error)}");
        }
        var counts = string.Join(", ", e.Runs.GroupBy(r => r.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
        return new(2, "every run ended as the ladder decided (Completed at the last rung, Pruned at a rung, or Killed/Diverged as declared-diverging)",
            e.Runs.Count > 0 && bad.Count == 0,
            bad.Count == 0 ? $"{counts}; none Failed, Running or Waiting" : $"{bad.Count} not: " + string.Join("; ", bad.Take(3)));
    }

    public static SmokeCriterion AshaPrunedAtARung(SmokeEvidence e)
    {
        // Replay the stored decisions in the order they were made and recompute each from the at-arrival rule.
        var seen = new Dictionary<long, List<double>>();
        var wrong = new List<string>();
        foreach (var d in e.Decisions)
        {
            if (!seen.TryGetValue(d.Rung, out var list)) seen[d.Rung] = list = [];
            list.Add(d.Value);
            var keep = Math.Max(1, list.Count / e.Eta);
            var rank = list.Count(v => v < d.Value);
            var expected = d.Rung == e.Steps ? nameof(RungOutcome.Complete) : double.IsFinite(d.Value) && rank < keep ? nameof(RungOutcome.Promote) : nameof(RungOutcome.Stop);
            if (expected != d.Outcome) wrong.Add($"{d.Canon} at {d.Rung}: {d.Outcome}, the rule says {expected} (rank {rank} of {list.Count}, keep {keep})");
        }
        var pruned = e.Decisions.Count(d => d.Outcome == nameof(RungOutcome.Stop));
        var ok = e.Ladder.Count >= 2 && pruned >= 1 && wrong.Count == 0;
        return new(3, "ASHA pruned at a rung: ≥ 2 rungs, ≥ 1 trial stopped, every decision follows the at-arrival rule", ok,
            $"ladder {string.Join(", ", e.Ladder)} (η {e.Eta}); {e.Decisions.Count} decisions, {pruned} stopped; " +
            (wrong.Count == 0 ? "each recomputed from the results recorded before it: all agree" : $"{wrong.Count} disagree: {string.Join("; ", wrong.Take(2))}"));
    }

    public static SmokeCriterion EveryReportInStudy(SmokeEvidence e)
    {
        var cadenceOk = e.ReportEvery > 0 && e.Ladder.All(r => r % e.ReportEvery == 0);
        long expected = 0;
        var offCadence = new List<string>();
        foreach (var r in e.Runs)
        {
            var end = r.End?.Step ?? 0;
            var steps = cadenceOk ? Enumerable.Range(1, (int)(end / e.ReportEvery)).Select(k => (long)k * e.ReportEvery).ToList() : [];
            expected += steps.Count;
            if (!r.Curve.Select(p => p.Step).SequenceEqual(steps)) offCadence.Add(r.Canon);
        }
        var ok = e.Runs.Count > 0 && cadenceOk && offCadence.Count == 0 && e.ReportsInStudy == expected;
        return new(4, "every report of every run is in the study, on the cadence", ok,
            $"cadence {e.ReportEvery} {(cadenceOk ? "divides" : "does NOT divide")} every rung; {e.ReportsInStudy} stored, {expected} expected " +
            $"(each run: one per {e.ReportEvery} steps up to where it ended); " +
            (offCadence.Count == 0 ? "each run has exactly its cadence steps" : $"{offCadence.Count} run(s) differ: {string.Join(", ", offCadence.Take(3))}"));
    }

    public static SmokeCriterion NamesUnique(SmokeEvidence e)
    {
        var distinct = e.Runs.Select(r => r.Canon).Distinct(StringComparer.Ordinal).Count();
        var seeds = e.Runs.GroupBy(r => r.Seed).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return new(5, "names and seeds unique in the study", e.Runs.Count > 0 && distinct == e.Runs.Count && seeds.Count == 0,
            $"{distinct} distinct names of {e.Runs.Count}; " + (seeds.Count == 0 ? "no seed used twice" : $"seed(s) used twice: {string.Join(", ", seeds)}"));
    }

    public static SmokeCriterion EveryRunLearned(SmokeEvidence e)
    {
        var learning = e.Runs.Where(r => !r.Diverging).ToList();
        var jepa = learning.Count(r => r.Model == FamilyNames.JepaT);
        var nca = learning.Count(r => r.NcaWeight > 0f);
        var notLearned = learning.Where(r => r.End is not { } end || !double.IsFinite(end.Bpb) || end.Bpb >= LearnedBpb).ToList();
        var worst = learning.Where(r => r.End is not null).OrderByDescending(r => r.End!.Value.Bpb).FirstOrDefault();
        var ok = learning.Count > 0 && jepa > 0 && nca > 0 && notLearned.Count == 0;
        return new(6, $"every run learned: last next-byte BPB < {LearnedBpb} (unigram entropy {UnigramEntropy}), JEPA-T and NCA included", ok,
            $"{learning.Count - notLearned.Count}/{learning.Count} below {LearnedBpb} ({jepa} JEPA-T, {nca} with the NCA loss); " +
            (worst is null ? "no run reported" : $"worst {worst.Canon} {F(worst.End!.Value.Bpb)} at step {worst.End!.Value.Step}") +
            (notLearned.Count == 0 ? "" : "; not learned: " + string.Join(", ", notLearned.Take(3).Select(r => $"{r.Canon} {(r.End is { } p ? F(p.Bpb) : "no report")}"))));
    }

    public static SmokeCriterion Gf16OnlyWithWideHidden(SmokeEvidence e)
    {
        var v = Deploy(e).Where(x => x.Rule == DeployRule.Gf16HiddenTooSmall).ToList();
        var gf16 = e.Runs.Count(r => r.Canon.Contains("-GF16-", StringComparison.Ordinal));
        return new(7, "GF16 only with hidden ≥ 256", v.Count == 0,
            v.Count == 0 ? $"{gf16} GF16 run(s), none below hidden {DeployValidator.Gf16MinHidden}" : Violations(v), ConfigurationOnly: true);
    }

    public static SmokeCriterion LeaderboardRanksEveryFinisher(SmokeEvidence e)
    {
        var finishers = e.Runs.Where(r => r.End is { } p && p.Step == e.Steps)
            .OrderBy(r => r.End!.Value.Bpb).Select(r => r.Canon).ToList();
        var ok = finishers.Count > 0 && e.Leaderboard.SequenceEqual(finishers, StringComparer.Ordinal);
        return new(8, "the leaderboard ranks every run that reached the last rung, best BPB first", ok,
            $"{e.Leaderboard.Count} ranked, {finishers.Count} reached step {e.Steps}; " +
            (ok ? "same runs in the same order" : $"leaderboard [{string.Join(", ", e.Leaderboard.Take(3))}…] vs [{string.Join(", ", finishers.Take(3))}…]"));
    }

    public static SmokeCriterion NoChampionLockedId(SmokeEvidence e)
    {
        var v = Deploy(e).Where(x => x.Rule == DeployRule.ChampionLockedExperimentId).ToList();
        return new(9, "no champion-locked EXP_ID", v.Count == 0,
            v.Count == 0 ? $"{IdCount(e)} EXP_ID(s) in names, none in {string.Join(",", DeployValidator.ChampionLockedIds)}" : Violations(v), ConfigurationOnly: true);
    }

    public static SmokeCriterion DivergingRunKilledAndReplaced(SmokeEvidence e)
    {
        var s = e.Slots;
        var slotsOk = s.StartedWhileFull == 0 && s.MaxInFlight <= s.Parallelism;
        if (e.Hunt is not { } h)
            return new(10, "live hunt: the declared diverging run is killed, its slot freed, and a φ-anchored seed replaces it", false, "the plan declares no diverging run");
        var killed = h.State is nameof(TrialState.Killed) or nameof(TrialState.Diverged) && h.Reason is { } r && r.Contains("DIVERG", StringComparison.Ordinal)
                     && h.StoppedAtStep < e.Ladder[0];
        var replaced = h.Replacement is not null && h.ReplacementSeed is { } seed && SmokePhiAnchoredSeeds.IsPhiAnchored(seed) && h.ReplacementReports > 0;
        var ok = killed && replaced && h.SlotFreedFirst && slotsOk;
        return new(10, "live hunt: the declared diverging run is killed, its slot freed, and a φ-anchored seed replaces it", ok,
            $"{h.Canon}: {h.State} at step {h.StoppedAtStep} (first rung {e.Ladder[0]}){(h.Reason is null ? "" : " — " + h.Reason)}; " +
            (h.Replacement is null ? "no replacement queued" :
                $"replaced by {h.Replacement} (seed {h.ReplacementSeed}, {(h.ReplacementSeed is { } rs && SmokePhiAnchoredSeeds.IsPhiAnchored(rs) ? "φ-anchored" : "NOT φ-anchored")}), " +
                $"{h.ReplacementReports} report(s), ended {h.ReplacementState}") +
            $"; slot freed before the replacement started: {(h.SlotFreedFirst ? "yes" : "NO")}; max {s.MaxInFlight} in flight of {s.Parallelism}, {s.StartedWhileFull} start(s) while full");
    }

    public static SmokeCriterion CancelLeavesConsistentStudy(SmokeEvidence e)
    {
        var c = e.Cancel;
        var ok = c.Cancelled && c.TrialsLeftRunning == 0 && c.ReportsOffCadence == 0 && c.CheckpointsMissing == 0;
        return new(11, "the whole race can be cancelled and leaves a consistent study", ok,
            $"cancelled={c.Cancelled} once {c.CancelAfterReports} reports were stored; {c.TrialsLeftRunning} left Running, " +
            $"{c.ReportsOffCadence} off-cadence/duplicate report(s), {c.CheckpointsMissing} missing checkpoint(s)");
    }

    public static SmokeCriterion ExperimentIdsIncreasing(SmokeEvidence e)
    {
        var v = Deploy(e).Where(x => x.Rule == DeployRule.ExperimentIdNotIncreasing).ToList();
        return new(12, "EXP_IDs increasing from one experiment to the next (its seeds share one)", v.Count == 0,
            v.Count == 0 ? $"{IdCount(e)} EXP_ID(s) in names (smoke names carry none), increasing by experiment" : Violations(v), ConfigurationOnly: true);
    }

    public static SmokeCriterion RerunIsIdempotent(SmokeEvidence e)
    {
        var r = e.Rerun;
        var ok = r.TrialsBefore == r.TrialsAfter && r.ReportsBefore == r.ReportsAfter && r.DistinctNames == r.TrialsAfter && r.TrialsAfter > 0;
        return new(13, "re-running the same smoke race is idempotent", ok,
            $"trials {r.TrialsBefore} → {r.TrialsAfter} ({r.DistinctNames} distinct names), reports {r.ReportsBefore} → {r.ReportsAfter}");
    }

    public static SmokeCriterion KilledRunResumesFromCheckpoint(SmokeEvidence e)
    {
        var r = e.Resume;
        var ok = r.StoppedStatus == "Cancelled" && r.StoppedAtStep > 0 && r.StoppedAtStep < r.TotalSteps
                 && r.ResumedFinalBpb.Equals(r.UninterruptedFinalBpb) && double.IsFinite(r.ResumedFinalBpb);
        return new(14, "a gracefully killed run resumes from its checkpoint", ok,
            string.Create(CultureInfo.InvariantCulture,
                $"{r.Canon}: {r.StoppedStatus} at step {r.StoppedAtStep}/{r.TotalSteps}, resumed final BPB {r.ResumedFinalBpb:R} vs uninterrupted {r.UninterruptedFinalBpb:R}"));
    }

    public static SmokeCriterion CorpusHashPinned(SmokeEvidence e) =>
        new(15, "the corpus hash is the pinned one", string.Equals(e.CorpusSha256, TinyShakespeare.Sha256, StringComparison.OrdinalIgnoreCase),
            $"sha256 {e.CorpusSha256} (pinned {TinyShakespeare.Sha256})");

    /// <summary>SHA-256 of the corpus file as it is on disk now (not the loader's cached verdict).</summary>
    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static int IdCount(SmokeEvidence e) =>
        e.Runs.Count(r => CanonName.TryParse(r.Canon, out var n, out _) && n!.ExperimentId is not null);
}
