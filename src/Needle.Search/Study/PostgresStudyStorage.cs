using Needle.Core.Rungs;
using Needle.Core.Vectors;
using Needle.Search.Asha;
using Needle.Search.Curves;
using Npgsql;
using NpgsqlTypes;

namespace Needle.Search.Study;

/// <summary>
/// <see cref="IStudyStorage"/> on a PostgreSQL database (schema <c>needle</c>, migrated by <see cref="PostgresSchema"/>),
/// shared by any number of worker processes on any number of hosts. Every call is one transaction on a pooled
/// connection, committed before it returns. What makes many workers safe: claims pick rows with
/// FOR UPDATE SKIP LOCKED (no two workers get one trial, nobody waits on a claim in progress); a rung decision locks
/// the study row (FOR NO KEY UPDATE), so decisions are serialised and each sees every earlier result at its rung;
/// requeues are compare-and-set on (owner, heartbeat). Times are stored as timestamptz (microsecond resolution).
/// Transient failures (a restarted server) surface as <see cref="NpgsqlException"/>; Workers/ResilientStudyStorage retries them.
/// </summary>
public sealed class PostgresStudyStorage : IStudyStorage
{
    private readonly NpgsqlDataSource _source;

    /// <summary>Opens the database and migrates it (see <see cref="PostgresSchema"/>).</summary>
    /// <param name="connectionString">Npgsql connection string (the password from PGPASSWORD/~/.pgpass when absent).</param>
    /// <param name="displayName">How messages name the database: never contains a password.</param>
    public PostgresStudyStorage(string connectionString, string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DisplayName = displayName;
        _source = NpgsqlDataSource.Create(connectionString);
        using var c = Open();
        PostgresSchema.Migrate(c, DisplayName);
    }

    /// <summary>The database as messages name it (postgresql://user@host:port/db, no password).</summary>
    public string DisplayName { get; }

    internal NpgsqlConnection Open() => _source.OpenConnection();

    public StudyRecord CreateStudy(StudyDefinition definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var c = Open();
        try
        {
            var id = (long)Cmd(c, null, "INSERT INTO needle.studies (name, ladder, master_seed, space_json, created_at) VALUES (@n, @l, @s, @j, @t) RETURNING id",
                ("n", definition.Name), ("l", definition.Ladder.ToString()), ("s", unchecked((long)definition.MasterSeed)),
                ("j", definition.SpaceJson), ("t", Utc(now))).ExecuteScalar()!;
            return new StudyRecord(id, definition.Name, definition.Ladder, definition.MasterSeed, definition.SpaceJson, Truncate(now));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"{DisplayName}: study '{definition.Name}' already exists", e);
        }
    }

    public StudyRecord? FindStudy(string name)
    {
        using var c = Open();
        return Read(Cmd(c, null, StudySelect + " WHERE name = @n", ("n", name)), ReadStudy).FirstOrDefault();
    }

    public IReadOnlyList<StudyRecord> ListStudies()
    {
        using var c = Open();
        return Read(Cmd(c, null, StudySelect + " ORDER BY id"), ReadStudy);
    }

    public TrialRecord AddTrial(long studyId, TrialSpec spec, int bracket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var c = Open();
        using var tx = c.BeginTransaction();
        // Workers starting the same race all plan it: serialise on the study so "exists?" and "next number" hold.
        LockStudy(c, tx, studyId);
        if (Cmd(c, tx, "SELECT id FROM needle.trials WHERE study_id = @s AND canon = @c", ("s", studyId), ("c", spec.CanonName)).ExecuteScalar() is long existingId)
        {
            var existing = GetTrial(c, tx, existingId);
            if (existing.Spec.Seed != spec.Seed || existing.Spec.ConfigKey != spec.ConfigKey || existing.Spec.MinimumStep != spec.MinimumStep)
                throw new InvalidOperationException(
                    $"{DisplayName}: trial '{spec.CanonName}' already exists with seed {existing.Spec.Seed} and config [{existing.Spec.ConfigKey}]; " +
                    $"the new spec has seed {spec.Seed} and config [{spec.ConfigKey}]. Give the new trial its own canon name.");
            tx.Commit();
            return existing;
        }
        var number = Convert.ToInt32(Cmd(c, tx, "SELECT COALESCE(MAX(number), -1) + 1 FROM needle.trials WHERE study_id = @s", ("s", studyId)).ExecuteScalar()!,
            System.Globalization.CultureInfo.InvariantCulture);
        var id = (long)Cmd(c, tx, """
            INSERT INTO needle.trials (study_id, number, canon, seed, config_key, minimum_step, bracket, state, created_at, updated_at)
            VALUES (@s, @n, @c, @seed, @k, @m, @b, 'Waiting', @t, @t) RETURNING id
            """, ("s", studyId), ("n", number), ("c", spec.CanonName), ("seed", (long)spec.Seed), ("k", spec.ConfigKey),
            ("m", spec.MinimumStep), ("b", bracket), ("t", Utc(now))).ExecuteScalar()!;
        foreach (var (name, value) in spec.Config)
            Cmd(c, tx, "INSERT INTO needle.trial_params (trial_id, name, value) VALUES (@t, @n, @v)", ("t", id), ("n", name), ("v", value)).ExecuteNonQuery();
        var added = GetTrial(c, tx, id);
        tx.Commit();
        return added;
    }

    public TrialRecord GetTrial(long trialId)
    {
        using var c = Open();
        return GetTrial(c, null, trialId);
    }

    public IReadOnlyList<TrialRecord> GetTrials(long studyId)
    {
        using var c = Open();
        var rows = Read(Cmd(c, null, TrialSelect + " WHERE study_id = @s ORDER BY number", ("s", studyId)), ReadTrialRow);
        var parameters = new Dictionary<long, SortedDictionary<string, string>>();
        using (var r = Cmd(c, null, "SELECT p.trial_id, p.name, p.value FROM needle.trial_params p JOIN needle.trials t ON t.id = p.trial_id WHERE t.study_id = @s",
                   ("s", studyId)).ExecuteReader())
        {
            while (r.Read())
            {
                if (!parameters.TryGetValue(r.GetInt64(0), out var map)) parameters[r.GetInt64(0)] = map = new SortedDictionary<string, string>(StringComparer.Ordinal);
                map[r.GetString(1)] = r.GetString(2);
            }
        }
        return rows.Select(t => t with
        {
            Spec = t.Spec with { Config = parameters.TryGetValue(t.Id, out var p) ? p : new SortedDictionary<string, string>(StringComparer.Ordinal) },
        }).ToList();
    }

    public bool TryClaimTrial(long trialId, long sessionId, DateTimeOffset now)
    {
        using var c = Open();
        return Cmd(c, null, "UPDATE needle.trials SET state = 'Running', owner_session = @o, heartbeat_at = @t, updated_at = @t, error = NULL WHERE id = @i AND state = 'Waiting'",
            ("o", sessionId), ("t", Utc(now)), ("i", trialId)).ExecuteNonQuery() == 1;
    }

    public void SetTrialState(long trialId, TrialState state, DateTimeOffset now, string? error = null)
    {
        using var c = Open();
        var n = Cmd(c, null, "UPDATE needle.trials SET state = @st, owner_session = NULL, updated_at = @t, error = @e WHERE id = @i",
            ("st", state.ToString()), ("t", Utc(now)), ("e", Text(error)), ("i", trialId)).ExecuteNonQuery();
        if (n != 1) throw new KeyNotFoundException($"{DisplayName}: no trial {trialId}");
    }

    public bool AddReport(long trialId, long step, double bpb, DateTimeOffset now)
    {
        if (!double.IsFinite(bpb)) throw new ArgumentOutOfRangeException(nameof(bpb), bpb, $"trial {trialId} step {step}: BPB must be finite");
        using var c = Open();
        using var tx = c.BeginTransaction();
        var inserted = Cmd(c, tx, "INSERT INTO needle.reports (trial_id, step, bpb, reported_at) VALUES (@i, @s, @b, @t) ON CONFLICT (trial_id, step) DO NOTHING",
            ("i", trialId), ("s", step), ("b", bpb), ("t", Utc(now))).ExecuteNonQuery();
        Cmd(c, tx, "UPDATE needle.trials SET last_step = GREATEST(last_step, @s), heartbeat_at = @t, updated_at = @t WHERE id = @i",
            ("s", step), ("t", Utc(now)), ("i", trialId)).ExecuteNonQuery();
        tx.Commit();
        return inserted == 1;
    }

    public IReadOnlyList<CurvePoint> GetCurve(long trialId)
    {
        using var c = Open();
        return Read(Cmd(c, null, "SELECT step, bpb FROM needle.reports WHERE trial_id = @i ORDER BY step", ("i", trialId)),
            r => new CurvePoint(r.GetInt64(0), r.GetDouble(1)));
    }

    public IReadOnlyList<StoredReport> GetReports(long trialId)
    {
        using var c = Open();
        return Read(Cmd(c, null, "SELECT step, bpb, reported_at FROM needle.reports WHERE trial_id = @i ORDER BY step", ("i", trialId)),
            r => new StoredReport(r.GetInt64(0), r.GetDouble(1), Time(r, 2)));
    }

    public long CountReports(long studyId)
    {
        using var c = Open();
        return (long)Cmd(c, null, "SELECT COUNT(*) FROM needle.reports r JOIN needle.trials t ON t.id = r.trial_id WHERE t.study_id = @s", ("s", studyId)).ExecuteScalar()!;
    }

    public void RecordRung(RungDecisionRecord decision, TrialCheckpoint checkpoint, TrialState nextState, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var c = Open();
        using var tx = c.BeginTransaction();
        try
        {
            InsertDecision(c, tx, decision);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"{DisplayName}: trial {decision.TrialId} already has a decision at rung {decision.RungStep}", e);
        }
        UpdateCheckpoint(c, tx, decision.TrialId, checkpoint, now);
        Cmd(c, tx, "UPDATE needle.trials SET state = @st, owner_session = NULL, updated_at = @t WHERE id = @i",
            ("st", nextState.ToString()), ("t", Utc(now)), ("i", decision.TrialId)).ExecuteNonQuery();
        tx.Commit();
    }

    public void SaveCheckpoint(long trialId, TrialCheckpoint checkpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var c = Open();
        UpdateCheckpoint(c, null, trialId, checkpoint, now);
    }

    public IReadOnlyList<RungDecisionRecord> GetRungDecisions(long studyId)
    {
        using var c = Open();
        return Read(Cmd(c, null, DecisionSelect + " JOIN needle.trials t ON t.id = d.trial_id WHERE t.study_id = @s ORDER BY d.seq", ("s", studyId)), ReadDecision);
    }

    public IReadOnlyDictionary<string, string> GetAllSchedulerState(long studyId) => GetAllKeyValues("scheduler_state", studyId);

    public IReadOnlyDictionary<string, string> GetAllSeedHuntState(long studyId) => GetAllKeyValues("seed_hunt_state", studyId);

    private SortedDictionary<string, string> GetAllKeyValues(string table, long studyId)
    {
        using var c = Open();
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Read(Cmd(c, null, $"SELECT key, value_json FROM needle.{table} WHERE study_id = @s", ("s", studyId)), r => (r.GetString(0), r.GetString(1))))
            map[k] = v;
        return map;
    }

    public void SetVectorStates(long studyId, IReadOnlyList<VectorState> states, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(states);
        using var c = Open();
        using var tx = c.BeginTransaction();
        foreach (var v in states)
            using (var cmd = Cmd(c, tx, "INSERT INTO needle.vector_states (study_id, vector, state, reason, evidence_sha256, updated_at) VALUES (@s, @v, @st, @r, @h, @t) " +
                                        "ON CONFLICT (study_id, vector) DO UPDATE SET state = excluded.state, reason = excluded.reason, " +
                                        "evidence_sha256 = excluded.evidence_sha256, updated_at = excluded.updated_at",
                       ("s", studyId), ("v", v.Vector), ("st", v.SwitchText), ("r", v.Reason), ("h", (object?)v.EvidenceSha256 ?? DBNull.Value), ("t", Utc(now))))
                cmd.ExecuteNonQuery();
        tx.Commit();
    }

    public IReadOnlyList<VectorState> GetVectorStates(long studyId)
    {
        using var c = Open();
        return Read(Cmd(c, null, "SELECT vector, state, reason, evidence_sha256 FROM needle.vector_states WHERE study_id = @s ORDER BY vector", ("s", studyId)),
            r => new VectorState(r.GetString(0), VectorState.Parse(r.GetString(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
    }

    public string? GetSchedulerState(long studyId, string key) => GetKeyValue("scheduler_state", studyId, key);

    public void SetSchedulerState(long studyId, string key, string json, DateTimeOffset now) => SetKeyValue("scheduler_state", studyId, key, json, now);

    public string? GetSeedHuntState(long studyId, string key) => GetKeyValue("seed_hunt_state", studyId, key);

    public void SetSeedHuntState(long studyId, string key, string json, DateTimeOffset now) => SetKeyValue("seed_hunt_state", studyId, key, json, now);

    public SessionRecord OpenSession(long studyId, string host, int pid, DateTimeOffset processStart, DateTimeOffset now)
    {
        using var c = Open();
        var id = (long)Cmd(c, null, "INSERT INTO needle.sessions (study_id, host, pid, process_start, started_at, heartbeat_at) VALUES (@s, @h, @p, @ps, @t, @t) RETURNING id",
            ("s", studyId), ("h", host), ("p", pid), ("ps", Utc(processStart)), ("t", Utc(now))).ExecuteScalar()!;
        return new SessionRecord(id, studyId, host, pid, Truncate(processStart), Truncate(now), Truncate(now), null);
    }

    public void Heartbeat(long sessionId, DateTimeOffset now)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        Cmd(c, tx, "UPDATE needle.sessions SET heartbeat_at = @t WHERE id = @i", ("t", Utc(now)), ("i", sessionId)).ExecuteNonQuery();
        Cmd(c, tx, "UPDATE needle.trials SET heartbeat_at = @t WHERE owner_session = @i AND state = 'Running'", ("t", Utc(now)), ("i", sessionId)).ExecuteNonQuery();
        tx.Commit();
    }

    public void CloseSession(long sessionId, DateTimeOffset now)
    {
        using var c = Open();
        Cmd(c, null, "UPDATE needle.sessions SET ended_at = @t, heartbeat_at = @t WHERE id = @i", ("t", Utc(now)), ("i", sessionId)).ExecuteNonQuery();
    }

    public SessionRecord? GetSession(long sessionId)
    {
        using var c = Open();
        return Read(Cmd(c, null, SessionSelect + " WHERE id = @i", ("i", sessionId)), ReadSession).FirstOrDefault();
    }

    public IReadOnlyList<SessionRecord> GetSessions(long studyId)
    {
        using var c = Open();
        return Read(Cmd(c, null, SessionSelect + " WHERE study_id = @s ORDER BY id", ("s", studyId)), ReadSession);
    }

    public TrialRecord? ClaimNextTrial(long studyId, long sessionId, DateTimeOffset now)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        // SKIP LOCKED: a row another worker is claiming right now is passed over, so N workers claim N different trials at once.
        var id = Cmd(c, tx, """
            UPDATE needle.trials SET state = 'Running', owner_session = @o, heartbeat_at = @t, updated_at = @t, error = NULL
            WHERE id = (SELECT id FROM needle.trials WHERE study_id = @s AND state = 'Waiting'
                        ORDER BY COALESCE(checkpoint_step, 0) DESC, number LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, ("o", sessionId), ("t", Utc(now)), ("s", studyId)).ExecuteScalar() as long?;
        var claimed = id is { } i ? GetTrial(c, tx, i) : null;
        tx.Commit();
        return claimed;
    }

    public RungVerdict DecideRung(long trialId, long rungStep, TrialCheckpoint checkpoint, long sessionId, RungJudge judge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(judge);
        using var c = Open();
        using var tx = c.BeginTransaction();
        var studyId = Cmd(c, tx, "SELECT study_id FROM needle.trials WHERE id = @i", ("i", trialId)).ExecuteScalar() as long?
                      ?? throw new KeyNotFoundException($"{DisplayName}: no trial {trialId}");
        LockStudy(c, tx, studyId); // every decision of the study in turn: each sees all earlier results at its rung
        var trial = GetTrial(c, tx, trialId);
        var earlier = Read(Cmd(c, tx, DecisionSelect + " WHERE d.trial_id = @i AND d.rung_step = @r", ("i", trialId), ("r", rungStep)), ReadDecision).FirstOrDefault();
        if (earlier is not null) return new RungVerdict(earlier, trial.State, AlreadyDecided: true, NotOwner: false);
        if (trial.State != TrialState.Running || trial.OwnerSession != sessionId) return new RungVerdict(null, trial.State, AlreadyDecided: false, NotOwner: true);
        var results = Read(Cmd(c, tx, """
            SELECT d.trial_id, d.bracket, d.rung_step, d.value FROM needle.rung_decisions d JOIN needle.trials t ON t.id = d.trial_id
            WHERE t.study_id = @s AND d.bracket = @b AND d.rung_step = @r ORDER BY d.seq
            """, ("s", studyId), ("b", trial.Bracket), ("r", rungStep)), r => new RungResult(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetDouble(3)));
        var (decision, next) = judge(results);
        var record = RungDecisionRecord.From(decision, Truncate(now), sessionId);
        InsertDecision(c, tx, record);
        UpdateCheckpoint(c, tx, trialId, checkpoint, now);
        Cmd(c, tx, "UPDATE needle.trials SET state = @st, owner_session = NULL, updated_at = @t WHERE id = @i",
            ("st", next.ToString()), ("t", Utc(now)), ("i", trialId)).ExecuteNonQuery();
        tx.Commit();
        return new RungVerdict(record, next, AlreadyDecided: false, NotOwner: false);
    }

    public bool TryRequeue(long trialId, long ownerSession, DateTimeOffset? seenHeartbeat, DateTimeOffset now)
    {
        using var c = Open();
        using var cmd = Cmd(c, null, """
            UPDATE needle.trials SET state = 'Waiting', owner_session = NULL, updated_at = @t
            WHERE id = @i AND state = 'Running' AND owner_session = @o AND heartbeat_at IS NOT DISTINCT FROM @hb
            """, ("t", Utc(now)), ("i", trialId), ("o", ownerSession));
        cmd.Parameters.Add(new NpgsqlParameter("hb", NpgsqlDbType.TimestampTz) { Value = seenHeartbeat is { } hb ? Utc(hb) : DBNull.Value });
        return cmd.ExecuteNonQuery() == 1;
    }

    public void Dispose() => _source.Dispose();

    private const string StudySelect = "SELECT id, name, ladder, master_seed, space_json, created_at FROM needle.studies";

    private const string TrialSelect = """
        SELECT id, study_id, number, canon, seed, minimum_step, bracket, state, last_step, checkpoint_step,
               checkpoint_location, owner_session, heartbeat_at, error FROM needle.trials
        """;

    private const string DecisionSelect =
        "SELECT d.trial_id, d.bracket, d.rung_step, d.value, d.outcome, d.rank, d.competitors, d.keep_count, d.decided_at, d.session_id FROM needle.rung_decisions d";

    private const string SessionSelect = "SELECT id, study_id, host, pid, process_start, started_at, heartbeat_at, ended_at FROM needle.sessions";

    private static void LockStudy(NpgsqlConnection c, NpgsqlTransaction tx, long studyId)
    {
        // NO KEY UPDATE: does not block the key-share locks that inserting sessions and trials takes on the study row.
        if (Cmd(c, tx, "SELECT id FROM needle.studies WHERE id = @s FOR NO KEY UPDATE", ("s", studyId)).ExecuteScalar() is null)
            throw new KeyNotFoundException($"no study {studyId}");
    }

    private TrialRecord GetTrial(NpgsqlConnection c, NpgsqlTransaction? tx, long trialId)
    {
        var row = Read(Cmd(c, tx, TrialSelect + " WHERE id = @i", ("i", trialId)), ReadTrialRow).FirstOrDefault()
                  ?? throw new KeyNotFoundException($"{DisplayName}: no trial {trialId}");
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Read(Cmd(c, tx, "SELECT name, value FROM needle.trial_params WHERE trial_id = @i", ("i", trialId)), r => (r.GetString(0), r.GetString(1))))
            config[k] = v;
        return row with { Spec = row.Spec with { Config = config } };
    }

    private static void InsertDecision(NpgsqlConnection c, NpgsqlTransaction tx, RungDecisionRecord d)
    {
        using var cmd = Cmd(c, tx, """
            INSERT INTO needle.rung_decisions (trial_id, bracket, rung_step, value, outcome, rank, competitors, keep_count, decided_at, session_id)
            VALUES (@i, @b, @r, @v, @o, @rank, @c, @k, @t, @sid)
            """, ("i", d.TrialId), ("b", d.Bracket), ("r", d.RungStep), ("v", d.Value), ("o", d.Outcome.ToString()), ("rank", d.Rank),
            ("c", d.Competitors), ("k", d.KeepCount), ("t", Utc(d.DecidedAt)));
        cmd.Parameters.Add(new NpgsqlParameter("sid", NpgsqlDbType.Bigint) { Value = (object?)d.SessionId ?? DBNull.Value });
        cmd.ExecuteNonQuery();
    }

    private void UpdateCheckpoint(NpgsqlConnection c, NpgsqlTransaction? tx, long trialId, TrialCheckpoint checkpoint, DateTimeOffset now)
    {
        var n = Cmd(c, tx, "UPDATE needle.trials SET checkpoint_step = @s, checkpoint_location = @l, updated_at = @t WHERE id = @i",
            ("s", checkpoint.Step), ("l", checkpoint.Location), ("t", Utc(now)), ("i", trialId)).ExecuteNonQuery();
        if (n != 1) throw new KeyNotFoundException($"{DisplayName}: no trial {trialId}");
    }

    private string? GetKeyValue(string table, long studyId, string key)
    {
        using var c = Open();
        return Cmd(c, null, $"SELECT value_json FROM needle.{table} WHERE study_id = @s AND key = @k", ("s", studyId), ("k", key)).ExecuteScalar() as string;
    }

    private void SetKeyValue(string table, long studyId, string key, string json, DateTimeOffset now)
    {
        using var c = Open();
        Cmd(c, null, $"INSERT INTO needle.{table} (study_id, key, value_json, updated_at) VALUES (@s, @k, @v, @t) " +
                     "ON CONFLICT (study_id, key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at",
            ("s", studyId), ("k", key), ("v", json), ("t", Utc(now))).ExecuteNonQuery();
    }

    private static StudyRecord ReadStudy(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), RungLadder.Parse(r.GetString(2)), unchecked((ulong)r.GetInt64(3)), r.GetString(4), Time(r, 5));

    private static TrialRecord ReadTrialRow(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetInt32(2),
        new TrialSpec(r.GetString(3), (uint)r.GetInt64(4), new Dictionary<string, string>(), r.GetInt64(5)),
        r.GetInt32(6), Enum.Parse<TrialState>(r.GetString(7)), r.GetInt64(8),
        r.IsDBNull(9) ? null : new TrialCheckpoint(r.GetInt64(9), r.GetString(10)),
        r.IsDBNull(11) ? null : r.GetInt64(11),
        r.IsDBNull(12) ? null : Time(r, 12),
        r.IsDBNull(13) ? null : r.GetString(13));

    private static RungDecisionRecord ReadDecision(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetDouble(3),
        Enum.Parse<RungOutcome>(r.GetString(4)), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), Time(r, 8), r.IsDBNull(9) ? null : r.GetInt64(9));

    private static SessionRecord ReadSession(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), Time(r, 4),
        Time(r, 5), Time(r, 6), r.IsDBNull(7) ? null : Time(r, 7));

    private static NpgsqlCommand Cmd(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    private static List<T> Read<T>(NpgsqlCommand cmd, Func<NpgsqlDataReader, T> map)
    {
        using (cmd)
        using (var reader = cmd.ExecuteReader())
        {
            var list = new List<T>();
            while (reader.Read()) list.Add(map(reader));
            return list;
        }
    }

    private static object Text(string? s) => (object?)s ?? DBNull.Value;

    // timestamptz holds microseconds, in UTC; Npgsql wants offset-0 values.
    private static DateTimeOffset Utc(DateTimeOffset t) => t.ToUniversalTime();
    private static DateTimeOffset Truncate(DateTimeOffset t) { var u = t.ToUniversalTime(); return new DateTimeOffset(u.Ticks - u.Ticks % 10, TimeSpan.Zero); }
    private static DateTimeOffset Time(NpgsqlDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);
}
