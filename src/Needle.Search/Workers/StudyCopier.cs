using System.Globalization;
using System.Text.Json;
using Needle.Search.Study;

namespace Needle.Search.Workers;

/// <summary>What <see cref="StudyCopier.Copy"/> moved.</summary>
public sealed record StudyCopyResult(
    string Study, long SourceStudyId, long TargetStudyId, int Trials, long Reports, int Decisions, int Sessions, int StateKeys,
    IReadOnlyDictionary<long, long> TrialIds);

/// <summary>
/// <c>needle study copy</c>: moves one study between any two backends (a laptop's SQLite file to a cluster's PostgreSQL
/// and back) through <see cref="IStudyStorage"/> alone. Everything the contract can read is copied: the definition,
/// sessions (host, pid, times), trials with their params, state, error and checkpoint, every report, every rung
/// decision in its order with who made it, scheduler and seed-hunt state. Trial ids are the target's own (each
/// backend numbers rows itself); the old → new map is stored in the target's scheduler state under
/// <see cref="MapKey"/>, because state keys written by other tools may name source trial ids. Every report keeps the time it
/// was first stored (to the microsecond, PostgreSQL's resolution). The copy refuses a study with Running
/// trials (stop its workers first) and a name the target already has; afterwards it compares counts and fails loudly
/// if any differ.
/// </summary>
public static class StudyCopier
{
    public const string MapKey = "study_copy";

    public static StudyCopyResult Copy(IStudyStorage source, string studyName, IStudyStorage target, string sourceName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var study = source.FindStudy(studyName) ?? throw new InvalidOperationException(
            $"{sourceName}: no study named '{studyName}' (it has: {string.Join(", ", source.ListStudies().Select(s => s.Name))})");
        var trials = source.GetTrials(study.Id);
        if (trials.FirstOrDefault(t => t.State == TrialState.Running) is { } running)
            throw new InvalidOperationException(
                $"{sourceName}: trial {running.Id} ('{running.Spec.CanonName}') of study '{studyName}' is Running (session {running.OwnerSession}); " +
                "stop its workers (or let another worker requeue it after its stale-after grace) and copy again. Nothing was copied.");
        if (target.FindStudy(studyName) is not null)
            throw new InvalidOperationException($"the target already has a study named '{studyName}'; nothing was copied. Copy into another database or file.");

        var copy = target.CreateStudy(new StudyDefinition(study.Name, study.Ladder, study.MasterSeed, study.SpaceJson), study.CreatedAt);
        var sessions = new Dictionary<long, long>();
        foreach (var s in source.GetSessions(study.Id))
        {
            var t = target.OpenSession(copy.Id, s.Host, s.Pid, s.ProcessStart, s.StartedAt);
            if (s.EndedAt is { } ended) target.CloseSession(t.Id, ended);
            else target.Heartbeat(t.Id, s.HeartbeatAt);
            sessions[s.Id] = t.Id;
        }
        var ids = new Dictionary<long, long>();
        long reports = 0;
        foreach (var t in trials.OrderBy(t => t.Number))
        {
            var added = target.AddTrial(copy.Id, t.Spec, t.Bracket, now);
            ids[t.Id] = added.Id;
            // Each report keeps the time it was first stored (the report's charts and the history's timings read it).
            foreach (var p in source.GetReports(t.Id))
                if (target.AddReport(added.Id, p.Step, p.Bpb, p.ReportedAt)) reports++;
        }
        var decisions = source.GetRungDecisions(study.Id);
        var byId = trials.ToDictionary(t => t.Id);
        foreach (var d in decisions)
        {
            var trial = byId[d.TrialId];
            // The contract keeps a trial's latest checkpoint only; its final checkpoint and state are set below.
            var checkpoint = trial.Checkpoint ?? new TrialCheckpoint(d.RungStep, "");
            target.RecordRung(d with { TrialId = ids[d.TrialId], SessionId = d.SessionId is { } sid ? sessions.GetValueOrDefault(sid) : null },
                checkpoint, trial.State, d.DecidedAt);
        }
        foreach (var t in trials)
        {
            if (t.Checkpoint is { } cp) target.SaveCheckpoint(ids[t.Id], cp, now);
            target.SetTrialState(ids[t.Id], t.State, now, t.Error);
        }
        var keys = 0;
        foreach (var (k, v) in source.GetAllSchedulerState(study.Id)) { target.SetSchedulerState(copy.Id, k, v, now); keys++; }
        foreach (var (k, v) in source.GetAllSeedHuntState(study.Id)) { target.SetSeedHuntState(copy.Id, k, v, now); keys++; }
        target.SetVectorStates(copy.Id, source.GetVectorStates(study.Id), now);
        target.SetSchedulerState(copy.Id, MapKey, JsonSerializer.Serialize(new
        {
            from = sourceName, study = study.Name, source_study_id = study.Id, copied_at = now.ToString("O", CultureInfo.InvariantCulture),
            trial_ids = ids.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
        }), now);

        Verify(source, study.Id, target, copy.Id, ids);
        return new StudyCopyResult(study.Name, study.Id, copy.Id, trials.Count, reports, decisions.Count, sessions.Count, keys, ids);
    }

    private static void Verify(IStudyStorage source, long from, IStudyStorage target, long to, IReadOnlyDictionary<long, long> ids)
    {
        var problems = new List<string>();
        if (source.CountReports(from) != target.CountReports(to)) problems.Add($"reports {source.CountReports(from)} → {target.CountReports(to)}");
        if (source.GetRungDecisions(from).Count != target.GetRungDecisions(to).Count) problems.Add("rung decisions differ in number");
        var copied = target.GetTrials(to).ToDictionary(t => t.Id);
        foreach (var t in source.GetTrials(from))
        {
            var c = copied[ids[t.Id]];
            if (c.State != t.State || c.Checkpoint != t.Checkpoint || c.LastStep != t.LastStep || c.Spec.ConfigKey != t.Spec.ConfigKey)
                problems.Add($"trial {t.Id} ('{t.Spec.CanonName}') differs after the copy");
            if (!source.GetReports(t.Id).Select(Microseconds).SequenceEqual(target.GetReports(c.Id).Select(Microseconds)))
                problems.Add($"trial {t.Id}: reports (step, BPB, time) differ after the copy");
        }
        if (problems.Count > 0)
            throw new InvalidDataException("study copy verification failed: " + string.Join("; ", problems) + ". The target holds a partial copy; delete it before trying again.");
    }

    // PostgreSQL keeps timestamps to the microsecond; SQLite's text keeps 100 ns ticks.
    private static (long Step, double Bpb, long Microsecond) Microseconds(StoredReport r) => (r.Step, r.Bpb, r.ReportedAt.UtcTicks / 10);
}
