using System.Text.Json;
using Needle.Core.Canon;
using Needle.Core.Git;
using Needle.Search.Hunt;
using Needle.Search.Running;
using Needle.Search.Smoke;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.Plans;

/// <summary>What a plan run ended with.</summary>
/// <param name="Plan">The plan phase that ran.</param>
/// <param name="StudyPath">The study file the run used.</param>
/// <param name="StudyName">The study's name in that file.</param>
/// <param name="Leaderboard">The study's leaderboard from the plan's minimum step on.</param>
/// <param name="Actions">The rung actions taken (hunt), or one line per rung of ASHA's decisions.</param>
/// <param name="HuntActions">The seed hunt's recorded rung actions (empty for other phases).</param>
/// <param name="GateVerdict">The verdict in words: GATE-0's criteria, or the gate's evaluation of the ledger.</param>
/// <param name="Smoke">The smoke race's result (GATE-0 only; null otherwise).</param>
/// <param name="Trials">Every trial of the study after the run.</param>
public sealed record PlanRunResult(
    ResolvedPlan Plan, string StudyPath, string StudyName, IReadOnlyList<LeaderboardRow> Leaderboard, IReadOnlyList<string> Actions,
    IReadOnlyList<HuntActionRecord> HuntActions, string GateVerdict, SmokeRaceResult? Smoke, IReadOnlyList<TrialRecord> Trials);

/// <summary>
/// Runs one phase of the plan into a study, resumably (the study is the only state; re-running continues):
/// GATE-0 is the smoke race; the seed hunt runs its rung actions (<see cref="HuntPolicy"/>); phases 2–4 race with ASHA.
/// Before anything runs: smoke before fire (a phase ≥ 2 needs a GREEN GATE-0 verdict for this binary's commit in the
/// same study file — there is no override) and never reuse (names or experiment ids already in the ledger, or in
/// another study of the file, are refused by name). With <paramref name="emit"/>, the finishers and their reproductions
/// become ledger rows and the gate's verdict is computed from them (<see cref="PlanLedger"/>); without it (library
/// tests), the gate line says what would be judged.
/// </summary>
public sealed class PlanRunner(TinyShakespeare corpus, TimeProvider time, string? commit = null, PlanLedgerContext? emit = null)
{
    private readonly string _commit = commit ?? BuildCommit.Current.ShaOrUnknown;

    public async Task<PlanRunResult> RunAsync(ResolvedPlan plan, string studyPath, string? ledgerPath = null, string? subset = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var runs = Select(plan, subset);
        if (plan.File.Policy == "smoke")
        {
            var smoke = await new SmokeRace(corpus, plan, time).RunAsync(studyPath, cancellation).ConfigureAwait(false);
            using var s = new SqliteStudyStorage(studyPath);
            var st = s.FindStudy(SmokeRace.StudyName)!;
            return new PlanRunResult(plan, studyPath, st.Name, Leaderboard.For(s, st.Id, plan.LeaderboardMinimumStep),
                smoke.Criteria.Select(c => $"criterion {c.Number} {c.Verdict}: {c.Title}").ToList(), [],
                $"GATE-0 {(smoke.AllGreen ? "GREEN" : "RED")} ({smoke.Criteria.Count(c => c.Green)}/{smoke.Criteria.Count}), recorded for commit {_commit}",
                smoke, s.GetTrials(st.Id));
        }

        using var storage = new SqliteStudyStorage(studyPath);
        RequireSmoke(plan, storage, studyPath);
        RefuseReuse(plan, runs, storage, [ledgerPath, emit?.LedgerPath], storage.FindStudy(plan.Name) is { } existing ? PlanLedger.RunIdPrefix(plan, existing) : null);
        var space = JsonSerializer.Serialize(new { plan = plan.Name, scale = plan.ScaleName, ladder = plan.Ladder.Steps, subset });
        var study = storage.FindStudy(plan.Name) ?? storage.CreateStudy(new StudyDefinition(plan.Name, plan.Ladder, plan.File.MasterSeed, space), time.GetUtcNow());
        if (study.SpaceJson != space)
            throw new PlanFileException($"{studyPath}: study '{plan.Name}' was run as {study.SpaceJson}; this run is {space}. Use another study file (a study is one plan at one scale).");
        foreach (var run in runs) storage.AddTrial(study.Id, run.Spec, 0, time.GetUtcNow());

        var checkpoints = studyPath + ".checkpoints";
        var runner = new EngineTrialRunner(corpus, plan.Ladder.Steps[^1]);
        IReadOnlyList<string> actions;
        IReadOnlyList<HuntActionRecord> huntActions = [];
        string gate;
        if (plan.File.Policy == "hunt")
        {
            var options = new RaceOptions(plan.Scale.Parallelism, plan.Scale.ReportEvery, checkpoints, HoldAtRungs: true);
            huntActions = await HuntAsync(plan, storage, study, runner, options, cancellation).ConfigureAwait(false);
            actions = huntActions.Select(Describe).ToList();
            gate = huntActions.LastOrDefault(a => a.Action == "gate_evaluation")?.Note ?? "the hunt has not reached its last rung";
            if (emit is not null && huntActions.Any(a => a.Action == "gate_evaluation"))
                gate = (await new PlanLedger(corpus, time).EmitAndJudgeAsync(plan, storage, study, emit, checkpoints, cancellation).ConfigureAwait(false)).Verdict;
        }
        else
        {
            var options = new RaceOptions(plan.Scale.Parallelism, plan.Scale.ReportEvery, checkpoints, HuntEveryReports: plan.File.HuntEveryReports);
            await new RaceRunner(storage, study, runner, options, time).RunAsync(cancellation).ConfigureAwait(false);
            actions = AshaActions(storage, study);
            var finishers = Leaderboard.For(storage, study.Id, plan.LeaderboardMinimumStep);
            gate = emit is null
                ? PlanGate.Verdict(plan, finishers.Select(f => (f.Canon, f.Seed, f.Step, f.Bpb)).ToList())
                : (await new PlanLedger(corpus, time).EmitAndJudgeAsync(plan, storage, study, emit, checkpoints, cancellation).ConfigureAwait(false)).Verdict;
        }
        return new PlanRunResult(plan, studyPath, study.Name, Leaderboard.For(storage, study.Id, plan.LeaderboardMinimumStep), actions, huntActions,
            gate, null, storage.GetTrials(study.Id));
    }

    private async Task<IReadOnlyList<HuntActionRecord>> HuntAsync(ResolvedPlan plan, IStudyStorage storage, StudyRecord study, ITrialRunner runner,
        RaceOptions options, CancellationToken cancellation)
    {
        var policy = new HuntPolicy(storage, study, plan, time);
        foreach (var action in plan.Actions)
        {
            while (true)
            {
                await new RaceRunner(storage, study, runner, options, time).RunAsync(cancellation).ConfigureAwait(false);
                cancellation.ThrowIfCancellationRequested();
                var done = HuntActionLog.Read(storage, study);
                var stopped = done.SelectMany(r => r.Stopped.Select(s => s.Split(": ")[0])).ToHashSet(StringComparer.Ordinal);
                // Latecomers (replacements, mirrors) held at a rung whose action is already taken go on through it.
                var late = storage.GetTrials(study.Id).Where(t => done.Any(r => r.RungIndex < action.RungIndex && HuntPolicy.IsHeldAt(t, r.Rung, stopped))).ToList();
                // A crash between an action's record and its re-admissions: finish them.
                var kept = done.Where(r => r.RungIndex == action.RungIndex).SelectMany(r => r.Kept).ToHashSet(StringComparer.Ordinal);
                late.AddRange(storage.GetTrials(study.Id).Where(t => kept.Contains(t.Spec.CanonName) && HuntPolicy.IsHeldAt(t, action.Rung, stopped)));
                if (late.Count == 0) break;
                foreach (var t in late) storage.SetTrialState(t.Id, TrialState.Waiting, time.GetUtcNow());
            }
            var log = HuntActionLog.Read(storage, study);
            if (log.Any(r => r.RungIndex == action.RungIndex)) continue;
            var stoppedNames = log.SelectMany(r => r.Stopped.Select(s => s.Split(": ")[0])).ToHashSet(StringComparer.Ordinal);
            policy.Apply(action, stoppedNames);
        }
        return HuntActionLog.Read(storage, study);
    }

    private static IReadOnlyList<PlannedRun> Select(ResolvedPlan plan, string? subset)
    {
        if (subset is null) return plan.Runs;
        if (plan.File.Subsets?.GetValueOrDefault(subset) is not { } names)
            throw new PlanFileException($"{plan.SourcePath}: subset '{subset}' is not declared in subsets (declared: {string.Join(", ", plan.File.Subsets?.Keys ?? Enumerable.Empty<string>())})");
        return plan.Runs.Where(r => names.Contains(r.Canon)).ToList();
    }

    private void RequireSmoke(ResolvedPlan plan, IStudyStorage storage, string studyPath)
    {
        if (plan.File.Phase < 2) return;
        var verdict = SmokeVerdicts.Find(storage, _commit);
        if (verdict is { Green: true }) return;
        var found = verdict is null ? "none is recorded for it" : $"the one recorded is RED ({verdict.GreenCriteria}/{verdict.Criteria} GREEN)";
        throw new SmokeBeforeFireException(
            $"{plan.SourcePath} is phase {plan.File.Phase}: it starts only after a GREEN GATE-0 smoke race for this binary's commit {_commit} " +
            $"in {studyPath}, and {found}. Run `needle plan run plans/gate0.json --study {studyPath}` (or `needle smoke-race --study {studyPath}`) " +
            "first; there is no --force.");
    }

    /// <summary>Never reuse: refuses names or experiment ids already taken by ledger rows or by another study of the file.</summary>
    /// <param name="plan">The plan phase about to run.</param>
    /// <param name="runs">The runs it declares (their canon names and experiment ids are checked).</param>
    /// <param name="storage">The study file, whose other studies may already hold the names.</param>
    /// <param name="ledgerPaths">The ledgers whose rows may already hold them (null entries are skipped).</param>
    /// <param name="ownRunIds">The run-id prefix of rows this very study emitted (a resumed run's own rows are not reuse).</param>
    private static void RefuseReuse(ResolvedPlan plan, IReadOnlyList<PlannedRun> runs, IStudyStorage storage, IEnumerable<string?> ledgerPaths, string? ownRunIds)
    {
        var taken = new List<(string Canon, string Where)>();
        foreach (var other in storage.ListStudies().Where(s => s.Name != plan.Name))
            taken.AddRange(storage.GetTrials(other.Id).Select(t => (t.Spec.CanonName, $"study '{other.Name}'")));
        foreach (var ledgerPath in ledgerPaths.OfType<string>().Distinct())
            if (File.Exists(ledgerPath))
                taken.AddRange(LedgerCanons(ledgerPath, ownRunIds).Select(c => (c, $"ledger {ledgerPath}")));
        var ids = taken.Select(t => (t.Canon, t.Where, Name: CanonName.TryParse(t.Canon, out var n, out _) ? n : null)).ToList();
        var collisions = new List<string>();
        foreach (var run in runs)
        {
            foreach (var hit in ids.Where(t => t.Canon == run.Canon)) collisions.Add($"{run.Canon} (name, in {hit.Where})");
            // An experiment id names one configuration (its seeds share it): taken by another configuration, it collides.
            if (run.ExperimentId is { } id)
                foreach (var hit in ids.Where(t => t.Name?.ExperimentId == id && t.Name.ExperimentKey != CanonName.Parse(run.Canon).ExperimentKey))
                    collisions.Add($"{run.Canon} ({CanonName.FormatExperimentId(id)} is {hit.Name!.ExperimentKey}'s, in {hit.Where})");
        }
        if (collisions.Count > 0)
            throw new PlanFileException($"{plan.SourcePath}: never reuse — {collisions.Count} run(s) collide: {string.Join("; ", collisions.Distinct().Take(10))}. " +
                                        "Give the plan new experiment ids or seeds.");
    }

    private static IEnumerable<string> LedgerCanons(string path, string? ownRunIds)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            string? canon = null;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("canon", out var c) && c.ValueKind == JsonValueKind.String
                    && !(ownRunIds is not null && doc.RootElement.TryGetProperty("run_id", out var id) && id.ValueKind == JsonValueKind.String
                         && id.GetString()!.StartsWith(ownRunIds, StringComparison.Ordinal)))
                    canon = c.GetString();
            }
            catch (JsonException)
            {
                // A malformed line is `needle ledger check`'s to report; it holds no name to collide with.
            }
            if (canon is not null) yield return canon;
        }
    }

    private static IReadOnlyList<string> AshaActions(IStudyStorage storage, StudyRecord study)
    {
        var names = storage.GetTrials(study.Id).ToDictionary(t => t.Id, t => t.Spec.CanonName);
        return storage.GetRungDecisions(study.Id).GroupBy(d => d.RungStep).OrderBy(g => g.Key).Select(g =>
            $"rung {g.Key}: {g.Count(d => d.Outcome == Asha.RungOutcome.Promote)} promoted, {g.Count(d => d.Outcome == Asha.RungOutcome.Complete)} completed, " +
            $"{g.Count(d => d.Outcome == Asha.RungOutcome.Stop)} stopped" +
            (g.Any(d => d.Outcome == Asha.RungOutcome.Stop) ? " (" + string.Join(", ", g.Where(d => d.Outcome == Asha.RungOutcome.Stop).Select(d => names[d.TrialId])) + ")" : "")).ToList();
    }

    public static string Describe(HuntActionRecord r) =>
        $"rung {r.Rung} {r.Action}: {r.Cohort.Count} judged, {r.Kept.Count} kept" +
        (r.Stopped.Count > 0 ? $", stopped {string.Join(", ", r.Stopped.Select(s => s.Split(": ")[0]))}" : "") +
        (r.Killed.Count > 0 ? $", killed {string.Join(", ", r.Killed)}" + (r.Replacements.Count > 0 ? $" → {string.Join(", ", r.Replacements)}" : "") +
                               (r.Replacements.Count < r.Killed.Count ? $" ({r.Killed.Count - r.Replacements.Count} not replaced: a replacement that diverged again)" : "") : "") +
        (r.Mirrors.Count > 0 ? $", mirrors {string.Join(", ", r.Mirrors)}" : "") +
        (r.Note.Length > 0 ? "; " + r.Note : "");
}

/// <summary>A phase ≥ 2 plan asked to run without a GREEN GATE-0 smoke race for the commit.</summary>
public sealed class SmokeBeforeFireException(string message) : Exception(message);
