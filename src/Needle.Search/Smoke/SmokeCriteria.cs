using System.Globalization;
using System.Security.Cryptography;
using Needle.Core.Canon;
using Needle.Search.Study;
using Needle.Training.Data;
using Needle.Training.Models.Families;

namespace Needle.Search.Smoke;

/// <summary>
/// The 15 acceptance criteria of the GATE-0 smoke race, each a pure function of the gathered evidence, so each can be
/// fed violating evidence in a unit test and seen to go RED.
/// </summary>
public static class SmokeCriteria
{
    /// <summary>Highest plausible next-byte BPB: a uniform guess over 256 bytes is 8 bits; a little slack for a bad start.</summary>
    public const double MaxPlausibleBpb = 9.0;

    public static IReadOnlyList<SmokeCriterion> Evaluate(SmokeEvidence e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return
        [
            NamesValidForDeploy(e), EveryRunReachedItsLastStep(e), CadenceDividesSteps(e), EveryReportInStudy(e),
            NamesUnique(e), FamiliesReportNextByteBpb(e), Gf16OnlyWithWideHidden(e), LeaderboardRanksEveryRun(e),
            NoChampionLockedId(e), KillBeforeSpin(e), CancelLeavesConsistentStudy(e), ExperimentIdsIncreasing(e),
            RerunIsIdempotent(e), KilledRunResumesFromCheckpoint(e), CorpusHashPinned(e),
        ];
    }

    private static IReadOnlyList<DeployViolation> Deploy(SmokeEvidence e) =>
        DeployValidator.Validate(e.Runs.Select(r => new DeployCandidate(r.Canon, r.Hidden)).ToList());

    private static string Violations(IEnumerable<DeployViolation> v) =>
        string.Join("; ", v.Take(3).Select(x => $"{x.Name}: {x.Rule} ({x.Message})"));

    public static SmokeCriterion NamesValidForDeploy(SmokeEvidence e)
    {
        var v = Deploy(e);
        return new(1, "names valid for deploy", e.Runs.Count > 0 && v.Count == 0,
            v.Count == 0 ? $"DeployValidator: {e.Runs.Count} names, 0 violations" : $"{v.Count} violation(s): {Violations(v)}");
    }

    public static SmokeCriterion EveryRunReachedItsLastStep(SmokeEvidence e)
    {
        var bad = e.Runs.Where(r => r.State != TrialState.Completed || r.LastStep != e.Steps || r.Error is not null).ToList();
        return new(2, "every run reached its last step without error", e.Runs.Count > 0 && bad.Count == 0,
            bad.Count == 0 ? $"{e.Runs.Count}/{e.Runs.Count} Completed at step {e.Steps}"
                : $"{bad.Count} not: " + string.Join("; ", bad.Take(3).Select(r => $"{r.Canon} {r.State} at {r.LastStep}{(r.Error is null ? "" : ": " + r.Error)}")));
    }

    public static SmokeCriterion CadenceDividesSteps(SmokeEvidence e) =>
        new(3, "the report cadence divides the step count", e.ReportEvery > 0 && e.Steps % e.ReportEvery == 0,
            string.Create(CultureInfo.InvariantCulture, $"{e.Steps} mod {e.ReportEvery} = {(e.ReportEvery > 0 ? e.Steps % e.ReportEvery : -1)}"));

    public static SmokeCriterion EveryReportInStudy(SmokeEvidence e)
    {
        var expected = (long)e.Runs.Count * (e.ReportEvery > 0 ? e.Steps / e.ReportEvery : 0);
        var perRunOk = e.Runs.All(r => r.Curve.Select(p => p.Step).SequenceEqual(
            Enumerable.Range(1, e.Steps / Math.Max(1, e.ReportEvery)).Select(k => (long)k * e.ReportEvery)));
        return new(4, "every report of every run is in the study", e.Runs.Count > 0 && e.ReportsInStudy == expected && perRunOk,
            $"{e.ReportsInStudy} stored, runs × reports = {e.Runs.Count} × {e.Steps / Math.Max(1, e.ReportEvery)} = {expected}; " +
            (perRunOk ? "each run has exactly its cadence steps" : "some run's report steps differ from the cadence"));
    }

    public static SmokeCriterion NamesUnique(SmokeEvidence e)
    {
        var distinct = e.Runs.Select(r => r.Canon).Distinct(StringComparer.Ordinal).Count();
        return new(5, "names unique", e.Runs.Count > 0 && distinct == e.Runs.Count, $"{distinct} distinct of {e.Runs.Count}");
    }

    public static SmokeCriterion FamiliesReportNextByteBpb(SmokeEvidence e)
    {
        var jepa = e.Runs.Where(r => r.Model == FamilyNames.JepaT).ToList();
        var nca = e.Runs.Where(r => r.NcaWeight > 0f).ToList();
        bool Reports(SmokeRunEvidence r) =>
            r.Curve.Count > 0 && r.Curve.All(p => double.IsFinite(p.Bpb) && p.Bpb > 0 && p.Bpb < MaxPlausibleBpb) && r.State == TrialState.Completed;
        var ok = jepa.Count > 0 && nca.Count > 0 && jepa.All(Reports) && nca.All(Reports);
        return new(6, "JEPA-T and NCA runs report next-byte BPB", ok,
            $"JEPA-T runs {jepa.Count(Reports)}/{jepa.Count}, NCA-loss runs {nca.Count(Reports)}/{nca.Count} with every report a finite BPB in (0, {MaxPlausibleBpb})");
    }

    public static SmokeCriterion Gf16OnlyWithWideHidden(SmokeEvidence e)
    {
        var v = Deploy(e).Where(x => x.Rule == DeployRule.Gf16HiddenTooSmall).ToList();
        var gf16 = e.Runs.Count(r => r.Canon.Contains("-GF16-", StringComparison.Ordinal));
        return new(7, "GF16 only with hidden ≥ 256", v.Count == 0,
            v.Count == 0 ? $"{gf16} GF16 run(s), none below hidden {DeployValidator.Gf16MinHidden}" : Violations(v));
    }

    public static SmokeCriterion LeaderboardRanksEveryRun(SmokeEvidence e) =>
        new(8, "the leaderboard ranks every run", e.Runs.Count > 0 && e.LeaderboardRows == e.Runs.Count,
            $"{e.LeaderboardRows} ranked of {e.Runs.Count} (gate minimum = the smoke step count {e.Steps})");

    public static SmokeCriterion NoChampionLockedId(SmokeEvidence e)
    {
        var v = Deploy(e).Where(x => x.Rule == DeployRule.ChampionLockedExperimentId).ToList();
        return new(9, "no champion-locked EXP_ID", v.Count == 0,
            v.Count == 0 ? $"{IdCount(e)} EXP_ID(s) in names, none in {string.Join(",", DeployValidator.ChampionLockedIds)}" : Violations(v));
    }

    public static SmokeCriterion KillBeforeSpin(SmokeEvidence e)
    {
        var s = e.Slots;
        var ok = s.StoppedSegments > 0 && s.StartedWhileFull == 0 && s.MaxInFlight <= s.Parallelism;
        return new(10, "kill-before-spin: a killed run's slot is freed before its replacement starts", ok,
            // The number of stopped segments depends on timing (which runs were in flight), so only its presence is shown.
            $"{(s.StoppedSegments > 0 ? "segments were stopped mid-run and resumed" : "no segment was stopped")}; max {s.MaxInFlight} in flight of {s.Parallelism} slots; " +
            $"{s.StartedWhileFull} start(s) while every slot was taken");
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
        return new(12, "EXP_IDs strictly increasing", v.Count == 0,
            v.Count == 0 ? $"{IdCount(e)} EXP_ID(s) in names (smoke names carry none), in strictly increasing order" : Violations(v));
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
