using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Git;
using Needle.Core.Gates;
using Needle.Core.Ledger;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.Plans;

/// <summary>Where a plan run's ledger rows go and what judges them: the checkout's gates, pre-registration and git.</summary>
/// <param name="LedgerPath">The ledger the rows are appended to.</param>
/// <param name="Book">The checkout's gates (assertions/gates.json).</param>
/// <param name="Preregistration">The sealed pre-registration a row must match.</param>
/// <param name="Commits">The git oracle that checks a row's sha is reachable and descends from the trainer.</param>
/// <param name="Build">The commit this binary was built from: only a clean build may stamp rows.</param>
public sealed record PlanLedgerContext(string LedgerPath, GateBook Book, PreregisteredPlan Preregistration, ICommitOracle Commits, BuildCommit Build);

/// <summary>What a plan run emitted and the gate's verdict over the ledger.</summary>
/// <param name="Emitted">Rows appended by this call (a resumed run appends only what is missing).</param>
/// <param name="Rows">Every row of this study in the ledger (originals and reproductions).</param>
/// <param name="Check">The gate's evaluation of the ledger (null when no row could be emitted).</param>
/// <param name="Verdict">The verdict in words, including why the gate was not evaluated when it was not.</param>
public sealed record PlanLedgerResult(IReadOnlyList<LedgerRow> Emitted, IReadOnlyList<LedgerRow> Rows, LedgerCheckResult? Check, string Verdict);

/// <summary>
/// The end of a plan run that the gate can judge: every finisher (the leaderboard at the last rung) becomes a ledger
/// row, is trained again from scratch (same spec, seed and commit) and the reproduction becomes a second row naming it
/// (<c>reproduces</c>); both go through `ledger emit`'s stamp and admission rules (<see cref="EmitStamp"/>,
/// <see cref="EmitPolicy"/>, the pre-registration seal), and the verdict is <see cref="LedgerCheck"/> over the ledger,
/// the same evaluation as `needle ledger check --gate`. Run ids are <c>PLAN@STUDY-CREATED/CANON</c> (and
/// <c>…/repro</c>): unique per study, stable across resumes, so a resumed run appends only what is missing.
/// </summary>
public sealed class PlanLedger(TinyShakespeare corpus, TimeProvider time)
{
    public const string Agent = "needle plan run";

    /// <summary>The run-id prefix of a study's rows (never-reuse ignores them: they are this study's own).</summary>
    public static string RunIdPrefix(ResolvedPlan plan, StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(study);
        return FormattableString.Invariant($"{plan.Name}@{study.CreatedAt.UtcDateTime:yyyyMMdd'T'HHmmss.fffffff'Z'}/");
    }

    public async Task<PlanLedgerResult> EmitAndJudgeAsync(ResolvedPlan plan, IStudyStorage storage, StudyRecord study, PlanLedgerContext context,
        string scratchDirectory, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(context);
        if (plan.File.Gate is null) return new PlanLedgerResult([], [], null, "no gate (this phase is judged by its own criteria); no ledger row emitted");
        var gate = context.Book.Find(plan.File.Gate);
        if (!context.Build.CanStampRows)
            return new PlanLedgerResult([], [], null,
                $"{gate.Name}: NOT EVALUATED — no ledger row emitted: this needle was built from {context.Build}, and a row must cite the commit " +
                "of the code that produced it (commit, rebuild with dotnet build -c Release, and run the plan again: it resumes and emits)");

        var prefix = RunIdPrefix(plan, study);
        var finishers = Leaderboard.For(storage, study.Id, plan.LeaderboardMinimumStep);
        var trials = storage.GetTrials(study.Id).ToDictionary(t => t.Spec.CanonName, StringComparer.Ordinal);
        var admission = EmitPolicy.For(context.Book, context.Preregistration, context.Commits);
        var seal = PreregistrationSeal.HeaderLine(context.Preregistration);
        var emitted = new List<LedgerRow>();
        var refusals = new List<string>();
        foreach (var f in finishers)
        {
            var trial = trials[f.Canon];
            var runId = prefix + f.Canon;
            var config = EngineTrialConfig.From(trial.Spec, plan.Ladder.Steps[^1]);
            var existing = Existing(context.LedgerPath, prefix);
            if (existing.All(r => r.RunId != runId) && Append(context, Row(runId, trial, f.Step, f.Bpb, config, null), admission, seal, refusals) is { } original)
                emitted.Add(original);
            if (existing.Any(r => r.Reproduces == runId) || !Existing(context.LedgerPath, prefix).Any(r => r.RunId == runId)) continue;
            // The reproduction: the same spec trained again from step 0 in a scratch directory, on this binary.
            var bpb = await ReproduceAsync(plan, trial, Path.Combine(scratchDirectory, "repro-" + trial.Id.ToString(CultureInfo.InvariantCulture)), cancellation).ConfigureAwait(false);
            if (Append(context, Row(runId + "/repro", trial, f.Step, bpb, config, runId), admission, seal, refusals) is { } repro)
                emitted.Add(repro);
        }

        var rows = Existing(context.LedgerPath, prefix);
        if (rows.Count == 0)
            return new PlanLedgerResult(emitted, rows, null,
                $"{gate.Name}: NOT EVALUATED — no finisher at the last rung, no ledger row" + (refusals.Count > 0 ? "; refused: " + string.Join("; ", refusals) : ""));
        var check = LedgerCheck.Evaluate(LedgerReader.Read(context.LedgerPath), context.Book, context.Preregistration, gate, context.Commits,
            new VictoryOptions(null, null, time));
        return new PlanLedgerResult(emitted, rows, check, Describe(plan, gate, check, rows, context.LedgerPath, refusals));
    }

    private async Task<double> ReproduceAsync(ResolvedPlan plan, TrialRecord trial, string directory, CancellationToken cancellation)
    {
        Directory.CreateDirectory(directory);
        try
        {
            var last = plan.Ladder.Steps[^1];
            var sink = new LastReport();
            var outcome = await new EngineTrialRunner(corpus, last)
                .RunSegmentAsync(new TrialSegment(-trial.Id, trial.Spec, null, last, plan.Scale.ReportEvery, directory), sink, cancellation).ConfigureAwait(false);
            if (sink.Step != last)
                throw new InvalidOperationException($"{trial.Spec.CanonName}: the reproduction ended {outcome.Status} at step {sink.Step} ({outcome.Error}), not at step {last}");
            return sink.Bpb;
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { /* scratch */ }
        }
    }

    private JsonObject Row(string runId, TrialRecord trial, long step, double bpb, Needle.Training.Run.TrainConfig config, string? reproduces)
    {
        var configJson = config.ToJson();
        var row = new JsonObject
        {
            [LedgerFields.RunId] = runId,
            [LedgerFields.Agent] = Agent,
            [LedgerFields.Canon] = trial.Spec.CanonName,
            [LedgerFields.Seed] = checked((int)trial.Spec.Seed),
            [LedgerFields.Bpb] = bpb,
            [LedgerFields.Step] = checked((int)step),
            [LedgerFields.CorpusSha256] = TinyShakespeare.Sha256,
            [LedgerFields.Split] = "val-last-100000",
            [LedgerFields.Tag] = "plan",
            [LedgerFields.GateAction] = reproduces is null ? "candidate" : "reproduction",
            [LedgerFields.Config] = JsonNode.Parse(configJson),
            [LedgerFields.ConfigSha256] = config.Hash(),
        };
        if (reproduces is not null) row[LedgerFields.Reproduces] = reproduces;
        return row;
    }

    private LedgerRow? Append(PlanLedgerContext context, JsonObject row, LedgerWriter.Admission admission, string seal, List<string> refusals)
    {
        var runId = row[LedgerFields.RunId]!.GetValue<string>();
        var (stamped, problems) = EmitStamp.Apply(row.ToJsonString(), context.Build, time);
        if (problems.Count > 0)
        {
            refusals.AddRange(problems.Select(p => $"{runId}: {p.Field}: {p.Message}"));
            return null;
        }
        var parsed = LedgerRowParser.ParseRow(stamped!);
        try
        {
            LedgerWriter.Append(context.LedgerPath, parsed, admission, sealHeader: seal);
            return parsed;
        }
        catch (LedgerAppendRefusedException e)
        {
            refusals.AddRange(e.Reasons.Select(r => $"{runId}: {r.Field}: {r.Message}"));
            return null;
        }
    }

    private static List<LedgerRow> Existing(string ledgerPath, string prefix) =>
        !File.Exists(ledgerPath) ? [] : LedgerReader.Read(ledgerPath).Entries.Select(e => e.Row).Where(r => r.RunId.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    private static string Describe(ResolvedPlan plan, GateDefinition gate, LedgerCheckResult check, IReadOnlyList<LedgerRow> rows, string ledger, List<string> refusals)
    {
        var ours = rows.Select(r => VictoryGate.ClaimKey(r.Canon)).ToHashSet(StringComparer.Ordinal);
        var claims = check.Outcome?.Claims.Where(c => ours.Contains(c.Claim)).ToList() ?? [];
        var why = claims.Count == 0
            ? $"none of this run's claims is on the gate's seeds {{{string.Join(", ", gate.Seeds)}}} or below its target"
            : string.Join("; ", claims.Select(c => $"{c.Claim} ({c.GateRows.Count} seed row(s)): " +
                (c.IsVictory ? "VICTORY" : c.GatePassed ? "passed, not significant" : string.Join(", ", c.Findings.Select(f => f.Rule.ToString()).Distinct()))));
        return string.Create(CultureInfo.InvariantCulture,
            $"{gate.Name}: {check.Summary} — `needle ledger check {ledger} --gate {gate.Name}` over the {rows.Count(r => !r.IsReproduction)} row(s) this run emitted " +
            $"and their {rows.Count(r => r.IsReproduction)} reproduction(s) (scale '{plan.ScaleName}'); claims: {why}") +
            (refusals.Count > 0 ? "; refused by emit: " + string.Join("; ", refusals) : "");
    }

    private sealed class LastReport : IReportSink
    {
        public long Step { get; private set; } = -1;
        public double Bpb { get; private set; } = double.NaN;

        public void Report(long step, double bpb)
        {
            Step = step;
            Bpb = bpb;
        }
    }
}
