using System.Globalization;
using Microsoft.Data.Sqlite;
using Needle.Core.Rungs;
using Needle.Core.Vectors;
using Needle.Search.Asha;
using Needle.Search.Curves;

namespace Needle.Search.Study;

/// <summary>
/// <see cref="IStudyStorage"/> on one SQLite file (WAL journal). Every call is its own transaction, committed before
/// it returns, so a process killed at any instant (kill -9) loses nothing that a call had returned. WAL with
/// synchronous=NORMAL survives process death; only an OS crash or power loss could drop the last transactions.
/// One connection, serialised by a lock: runner tasks report from several threads.
/// </summary>
public sealed class SqliteStudyStorage : IStudyStorage
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    /// <summary>Opens (creating if needed) the study file at <paramref name="path"/>.</summary>
    public SqliteStudyStorage(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;");
        var version = Scalar("SELECT value FROM meta WHERE key = 'schema_version'", ignoreMissingTable: true);
        if (version is string v)
        {
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var found) || found < 1 || found > SqliteSchema.Version)
                throw new InvalidDataException($"{Path}: study schema version {v}, this needle reads versions 1–{SqliteSchema.Version}. Use the needle that wrote it.");
            if (found < SqliteSchema.Version)
            {
                using var tx = _connection.BeginTransaction();
                for (var step = found; step < SqliteSchema.Version; step++) Execute(SqliteSchema.Upgrades[step - 1]);
                tx.Commit();
            }
        }
        Execute(SqliteSchema.Create);
    }

    /// <summary>The study file.</summary>
    public string Path { get; }

    public StudyRecord CreateStudy(StudyDefinition definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_gate)
        {
            if (FindStudyUnlocked(definition.Name) is not null)
                throw new InvalidOperationException($"{Path}: study '{definition.Name}' already exists");
            using var cmd = Command("INSERT INTO studies (name, ladder, master_seed, space_json, created_at) VALUES ($n, $l, $s, $j, $t) RETURNING id",
                ("$n", definition.Name), ("$l", definition.Ladder.ToString()), ("$s", unchecked((long)definition.MasterSeed)),
                ("$j", definition.SpaceJson), ("$t", Time(now)));
            var id = (long)cmd.ExecuteScalar()!;
            return new StudyRecord(id, definition.Name, definition.Ladder, definition.MasterSeed, definition.SpaceJson, Normalise(now));
        }
    }

    public StudyRecord? FindStudy(string name)
    {
        lock (_gate) return FindStudyUnlocked(name);
    }

    public IReadOnlyList<StudyRecord> ListStudies()
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT id, name, ladder, master_seed, space_json, created_at FROM studies ORDER BY id");
            return Read(cmd, ReadStudy);
        }
    }

    public TrialRecord AddTrial(long studyId, TrialSpec spec, int bracket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using (var find = Command("SELECT id FROM trials WHERE study_id = $s AND canon = $c", ("$s", studyId), ("$c", spec.CanonName)))
            {
                if (find.ExecuteScalar() is long existingId)
                {
                    var existing = GetTrialUnlocked(existingId);
                    if (existing.Spec.Seed != spec.Seed || existing.Spec.ConfigKey != spec.ConfigKey || existing.Spec.MinimumStep != spec.MinimumStep)
                        throw new InvalidOperationException(
                            $"{Path}: trial '{spec.CanonName}' already exists with seed {existing.Spec.Seed} and config [{existing.Spec.ConfigKey}]; " +
                            $"the new spec has seed {spec.Seed} and config [{spec.ConfigKey}]. Give the new trial its own canon name.");
                    tx.Commit();
                    return existing;
                }
            }
            long number;
            using (var next = Command("SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = $s", ("$s", studyId)))
                number = (long)next.ExecuteScalar()!;
            long id;
            using (var insert = Command("""
                INSERT INTO trials (study_id, number, canon, seed, config_key, minimum_step, bracket, state, created_at, updated_at)
                VALUES ($s, $n, $c, $seed, $k, $m, $b, 'Waiting', $t, $t) RETURNING id
                """, ("$s", studyId), ("$n", number), ("$c", spec.CanonName), ("$seed", (long)spec.Seed), ("$k", spec.ConfigKey),
                ("$m", spec.MinimumStep), ("$b", bracket), ("$t", Time(now))))
                id = (long)insert.ExecuteScalar()!;
            foreach (var (name, value) in spec.Config)
            {
                using var p = Command("INSERT INTO trial_params (trial_id, name, value) VALUES ($t, $n, $v)", ("$t", id), ("$n", name), ("$v", value));
                p.ExecuteNonQuery();
            }
            tx.Commit();
            return GetTrialUnlocked(id);
        }
    }

    public TrialRecord GetTrial(long trialId)
    {
        lock (_gate) return GetTrialUnlocked(trialId);
    }

    public IReadOnlyList<TrialRecord> GetTrials(long studyId)
    {
        lock (_gate)
        {
            using var cmd = Command(TrialSelect + " WHERE study_id = $s ORDER BY number", ("$s", studyId));
            var rows = Read(cmd, ReadTrialRow);
            return rows.Select(r => r with { Spec = r.Spec with { Config = ParamsOf(r.Id) } }).ToList();
        }
    }

    public bool TryClaimTrial(long trialId, long sessionId, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE trials SET state = 'Running', owner_session = $o, heartbeat_at = $t, updated_at = $t, error = NULL WHERE id = $i AND state = 'Waiting'",
                ("$o", sessionId), ("$t", Time(now)), ("$i", trialId));
            return cmd.ExecuteNonQuery() == 1;
        }
    }

    public void SetTrialState(long trialId, TrialState state, DateTimeOffset now, string? error = null)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE trials SET state = $st, owner_session = NULL, updated_at = $t, error = $e WHERE id = $i",
                ("$st", state.ToString()), ("$t", Time(now)), ("$e", (object?)error ?? DBNull.Value), ("$i", trialId));
            if (cmd.ExecuteNonQuery() != 1) throw new KeyNotFoundException($"{Path}: no trial {trialId}");
        }
    }

    public bool AddReport(long trialId, long step, double bpb, DateTimeOffset now)
    {
        if (!double.IsFinite(bpb)) throw new ArgumentOutOfRangeException(nameof(bpb), bpb, $"trial {trialId} step {step}: BPB must be finite");
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            int inserted;
            using (var cmd = Command("INSERT INTO reports (trial_id, step, bpb, reported_at) VALUES ($i, $s, $b, $t) ON CONFLICT (trial_id, step) DO NOTHING",
                       ("$i", trialId), ("$s", step), ("$b", bpb), ("$t", Time(now))))
                inserted = cmd.ExecuteNonQuery();
            using (var up = Command("UPDATE trials SET last_step = MAX(last_step, $s), heartbeat_at = $t, updated_at = $t WHERE id = $i",
                       ("$s", step), ("$t", Time(now)), ("$i", trialId)))
                up.ExecuteNonQuery();
            tx.Commit();
            return inserted == 1;
        }
    }

    public IReadOnlyList<CurvePoint> GetCurve(long trialId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT step, bpb FROM reports WHERE trial_id = $i ORDER BY step", ("$i", trialId));
            return Read(cmd, r => new CurvePoint(r.GetInt64(0), r.GetDouble(1)));
        }
    }

    public IReadOnlyList<StoredReport> GetReports(long trialId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT step, bpb, reported_at FROM reports WHERE trial_id = $i ORDER BY step", ("$i", trialId));
            return Read(cmd, r => new StoredReport(r.GetInt64(0), r.GetDouble(1), ParseTime(r.GetString(2))));
        }
    }

    public long CountReports(long studyId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT COUNT(*) FROM reports JOIN trials ON trials.id = reports.trial_id WHERE trials.study_id = $s", ("$s", studyId));
            return (long)cmd.ExecuteScalar()!;
        }
    }

    public void RecordRung(RungDecisionRecord decision, TrialCheckpoint checkpoint, TrialState nextState, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using (var ins = Command("""
                INSERT INTO rung_decisions (trial_id, bracket, rung_step, value, outcome, rank, competitors, keep_count, decided_at, session_id)
                VALUES ($i, $b, $r, $v, $o, $rank, $c, $k, $t, $sid)
                """, ("$i", decision.TrialId), ("$b", decision.Bracket), ("$r", decision.RungStep), ("$v", decision.Value),
                ("$o", decision.Outcome.ToString()), ("$rank", decision.Rank), ("$c", decision.Competitors), ("$k", decision.KeepCount),
                ("$t", Time(decision.DecidedAt)), ("$sid", (object?)decision.SessionId ?? DBNull.Value)))
            {
                try
                {
                    ins.ExecuteNonQuery();
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 19)
                {
                    throw new InvalidOperationException($"{Path}: trial {decision.TrialId} already has a decision at rung {decision.RungStep}", e);
                }
            }
            UpdateCheckpoint(decision.TrialId, checkpoint, now);
            using (var st = Command("UPDATE trials SET state = $st, owner_session = NULL, updated_at = $t WHERE id = $i",
                       ("$st", nextState.ToString()), ("$t", Time(now)), ("$i", decision.TrialId)))
                st.ExecuteNonQuery();
            tx.Commit();
        }
    }

    public void SaveCheckpoint(long trialId, TrialCheckpoint checkpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_gate) UpdateCheckpoint(trialId, checkpoint, now);
    }

    public IReadOnlyList<RungDecisionRecord> GetRungDecisions(long studyId)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                SELECT d.trial_id, d.bracket, d.rung_step, d.value, d.outcome, d.rank, d.competitors, d.keep_count, d.decided_at, d.session_id
                FROM rung_decisions d JOIN trials t ON t.id = d.trial_id WHERE t.study_id = $s ORDER BY d.seq
                """, ("$s", studyId));
            return Read(cmd, ReadDecision);
        }
    }

    private static RungDecisionRecord ReadDecision(SqliteDataReader r) => new(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetDouble(3),
        Enum.Parse<RungOutcome>(r.GetString(4)), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), ParseTime(r.GetString(8)),
        r.IsDBNull(9) ? null : r.GetInt64(9));

    public TrialRecord? ClaimNextTrial(long studyId, long sessionId, DateTimeOffset now)
    {
        lock (_gate)
        {
            // One writer at a time on the file (BEGIN IMMEDIATE): pick and claim cannot interleave with another process.
            using var tx = _connection.BeginTransaction();
            using var pick = Command("""
                UPDATE trials SET state = 'Running', owner_session = $o, heartbeat_at = $t, updated_at = $t, error = NULL
                WHERE id = (SELECT id FROM trials WHERE study_id = $s AND state = 'Waiting'
                            ORDER BY COALESCE(checkpoint_step, 0) DESC, number LIMIT 1)
                RETURNING id
                """, ("$o", sessionId), ("$t", Time(now)), ("$s", studyId));
            var id = pick.ExecuteScalar() as long?;
            tx.Commit();
            return id is { } claimed ? GetTrialUnlocked(claimed) : null;
        }
    }

    public RungVerdict DecideRung(long trialId, long rungStep, TrialCheckpoint checkpoint, long sessionId, RungJudge judge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(judge);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction(); // IMMEDIATE: decisions of every process are serialised
            var trial = GetTrialUnlocked(trialId);
            using (var existing = Command("""
                       SELECT trial_id, bracket, rung_step, value, outcome, rank, competitors, keep_count, decided_at, session_id
                       FROM rung_decisions WHERE trial_id = $i AND rung_step = $r
                       """, ("$i", trialId), ("$r", rungStep)))
            {
                if (Read(existing, ReadDecision).FirstOrDefault() is { } earlier)
                    return new RungVerdict(earlier, trial.State, AlreadyDecided: true, NotOwner: false);
            }
            if (trial.State != TrialState.Running || trial.OwnerSession != sessionId)
                return new RungVerdict(null, trial.State, AlreadyDecided: false, NotOwner: true);
            List<RungResult> earlierResults;
            using (var at = Command("""
                       SELECT d.trial_id, d.bracket, d.rung_step, d.value FROM rung_decisions d JOIN trials t ON t.id = d.trial_id
                       WHERE t.study_id = $s AND d.bracket = $b AND d.rung_step = $r ORDER BY d.seq
                       """, ("$s", trial.StudyId), ("$b", trial.Bracket), ("$r", rungStep)))
                earlierResults = Read(at, r => new RungResult(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetDouble(3)));
            var (decision, next) = judge(earlierResults);
            var record = RungDecisionRecord.From(decision, now, sessionId);
            using (var ins = Command("""
                INSERT INTO rung_decisions (trial_id, bracket, rung_step, value, outcome, rank, competitors, keep_count, decided_at, session_id)
                VALUES ($i, $b, $r, $v, $o, $rank, $c, $k, $t, $sid)
                """, ("$i", record.TrialId), ("$b", record.Bracket), ("$r", record.RungStep), ("$v", record.Value),
                ("$o", record.Outcome.ToString()), ("$rank", record.Rank), ("$c", record.Competitors), ("$k", record.KeepCount),
                ("$t", Time(record.DecidedAt)), ("$sid", sessionId)))
                ins.ExecuteNonQuery();
            UpdateCheckpoint(trialId, checkpoint, now);
            using (var st = Command("UPDATE trials SET state = $st, owner_session = NULL, updated_at = $t WHERE id = $i",
                       ("$st", next.ToString()), ("$t", Time(now)), ("$i", trialId)))
                st.ExecuteNonQuery();
            tx.Commit();
            return new RungVerdict(record with { DecidedAt = Normalise(record.DecidedAt) }, next, AlreadyDecided: false, NotOwner: false);
        }
    }

    public bool TryRequeue(long trialId, long ownerSession, DateTimeOffset? seenHeartbeat, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                UPDATE trials SET state = 'Waiting', owner_session = NULL, updated_at = $t
                WHERE id = $i AND state = 'Running' AND owner_session = $o AND heartbeat_at IS $hb
                """, ("$t", Time(now)), ("$i", trialId), ("$o", ownerSession),
                ("$hb", seenHeartbeat is { } hb ? Time(hb) : DBNull.Value));
            return cmd.ExecuteNonQuery() == 1;
        }
    }

    public IReadOnlyList<SessionRecord> GetSessions(long studyId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT id, study_id, host, pid, process_start, started_at, heartbeat_at, ended_at FROM sessions WHERE study_id = $s ORDER BY id", ("$s", studyId));
            return Read(cmd, ReadSession);
        }
    }

    private static SessionRecord ReadSession(SqliteDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), ParseTime(r.GetString(4)),
        ParseTime(r.GetString(5)), ParseTime(r.GetString(6)), r.IsDBNull(7) ? null : ParseTime(r.GetString(7)));

    public IReadOnlyDictionary<string, string> GetAllSchedulerState(long studyId) => GetAllKeyValues("scheduler_state", studyId);

    public IReadOnlyDictionary<string, string> GetAllSeedHuntState(long studyId) => GetAllKeyValues("seed_hunt_state", studyId);

    private SortedDictionary<string, string> GetAllKeyValues(string table, long studyId)
    {
        lock (_gate)
        {
            using var cmd = Command($"SELECT key, value_json FROM {table} WHERE study_id = $s", ("$s", studyId));
            var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in Read(cmd, r => (r.GetString(0), r.GetString(1)))) map[k] = v;
            return map;
        }
    }

    public void SetVectorStates(long studyId, IReadOnlyList<VectorState> states, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(states);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            foreach (var v in states)
            {
                using var cmd = Command("INSERT INTO vector_states (study_id, vector, state, reason, evidence_sha256, updated_at) VALUES ($s, $v, $st, $r, $h, $t) " +
                                        "ON CONFLICT (study_id, vector) DO UPDATE SET state = excluded.state, reason = excluded.reason, " +
                                        "evidence_sha256 = excluded.evidence_sha256, updated_at = excluded.updated_at",
                    ("$s", studyId), ("$v", v.Vector), ("$st", v.SwitchText), ("$r", v.Reason), ("$h", (object?)v.EvidenceSha256 ?? DBNull.Value), ("$t", Time(now)));
                cmd.Transaction = tx;
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    public IReadOnlyList<VectorState> GetVectorStates(long studyId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT vector, state, reason, evidence_sha256 FROM vector_states WHERE study_id = $s ORDER BY vector", ("$s", studyId));
            return Read(cmd, r => new VectorState(r.GetString(0), VectorState.Parse(r.GetString(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        }
    }

    public string? GetSchedulerState(long studyId, string key) => GetKeyValue("scheduler_state", studyId, key);

    public void SetSchedulerState(long studyId, string key, string json, DateTimeOffset now) => SetKeyValue("scheduler_state", studyId, key, json, now);

    public string? GetSeedHuntState(long studyId, string key) => GetKeyValue("seed_hunt_state", studyId, key);

    public void SetSeedHuntState(long studyId, string key, string json, DateTimeOffset now) => SetKeyValue("seed_hunt_state", studyId, key, json, now);

    public SessionRecord OpenSession(long studyId, string host, int pid, DateTimeOffset processStart, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var cmd = Command("INSERT INTO sessions (study_id, host, pid, process_start, started_at, heartbeat_at) VALUES ($s, $h, $p, $ps, $t, $t) RETURNING id",
                ("$s", studyId), ("$h", host), ("$p", pid), ("$ps", Time(processStart)), ("$t", Time(now)));
            var id = (long)cmd.ExecuteScalar()!;
            return new SessionRecord(id, studyId, host, pid, Normalise(processStart), Normalise(now), Normalise(now), null);
        }
    }

    public void Heartbeat(long sessionId, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using (var s = Command("UPDATE sessions SET heartbeat_at = $t WHERE id = $i", ("$t", Time(now)), ("$i", sessionId)))
                s.ExecuteNonQuery();
            using (var t = Command("UPDATE trials SET heartbeat_at = $t WHERE owner_session = $i AND state = 'Running'", ("$t", Time(now)), ("$i", sessionId)))
                t.ExecuteNonQuery();
            tx.Commit();
        }
    }

    public void CloseSession(long sessionId, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE sessions SET ended_at = $t, heartbeat_at = $t WHERE id = $i", ("$t", Time(now)), ("$i", sessionId));
            cmd.ExecuteNonQuery();
        }
    }

    public SessionRecord? GetSession(long sessionId)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT id, study_id, host, pid, process_start, started_at, heartbeat_at, ended_at FROM sessions WHERE id = $i", ("$i", sessionId));
            return Read(cmd, ReadSession).FirstOrDefault();
        }
    }

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }

    private const string TrialSelect = """
        SELECT id, study_id, number, canon, seed, minimum_step, bracket, state, last_step, checkpoint_step,
               checkpoint_location, owner_session, heartbeat_at, error FROM trials
        """;

    private TrialRecord GetTrialUnlocked(long trialId)
    {
        using var cmd = Command(TrialSelect + " WHERE id = $i", ("$i", trialId));
        var row = Read(cmd, ReadTrialRow).FirstOrDefault() ?? throw new KeyNotFoundException($"{Path}: no trial {trialId}");
        return row with { Spec = row.Spec with { Config = ParamsOf(trialId) } };
    }

    private static TrialRecord ReadTrialRow(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetInt32(2),
        new TrialSpec(r.GetString(3), (uint)r.GetInt64(4), new Dictionary<string, string>(), r.GetInt64(5)),
        r.GetInt32(6), Enum.Parse<TrialState>(r.GetString(7)), r.GetInt64(8),
        r.IsDBNull(9) ? null : new TrialCheckpoint(r.GetInt64(9), r.GetString(10)),
        r.IsDBNull(11) ? null : r.GetInt64(11),
        r.IsDBNull(12) ? null : ParseTime(r.GetString(12)),
        r.IsDBNull(13) ? null : r.GetString(13));

    private SortedDictionary<string, string> ParamsOf(long trialId)
    {
        using var cmd = Command("SELECT name, value FROM trial_params WHERE trial_id = $i", ("$i", trialId));
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Read(cmd, r => (r.GetString(0), r.GetString(1)))) result[k] = v;
        return result;
    }

    private void UpdateCheckpoint(long trialId, TrialCheckpoint checkpoint, DateTimeOffset now)
    {
        using var cmd = Command("UPDATE trials SET checkpoint_step = $s, checkpoint_location = $l, updated_at = $t WHERE id = $i",
            ("$s", checkpoint.Step), ("$l", checkpoint.Location), ("$t", Time(now)), ("$i", trialId));
        if (cmd.ExecuteNonQuery() != 1) throw new KeyNotFoundException($"{Path}: no trial {trialId}");
    }

    private StudyRecord? FindStudyUnlocked(string name)
    {
        using var cmd = Command("SELECT id, name, ladder, master_seed, space_json, created_at FROM studies WHERE name = $n", ("$n", name));
        return Read(cmd, ReadStudy).FirstOrDefault();
    }

    private static StudyRecord ReadStudy(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), RungLadder.Parse(r.GetString(2)), unchecked((ulong)r.GetInt64(3)), r.GetString(4), ParseTime(r.GetString(5)));

    private string? GetKeyValue(string table, long studyId, string key)
    {
        lock (_gate)
        {
            using var cmd = Command($"SELECT value_json FROM {table} WHERE study_id = $s AND key = $k", ("$s", studyId), ("$k", key));
            return cmd.ExecuteScalar() as string;
        }
    }

    private void SetKeyValue(string table, long studyId, string key, string json, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var cmd = Command($"INSERT INTO {table} (study_id, key, value_json, updated_at) VALUES ($s, $k, $v, $t) " +
                                    "ON CONFLICT (study_id, key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at",
                ("$s", studyId), ("$k", key), ("$v", json), ("$t", Time(now)));
            cmd.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, bool ignoreMissingTable)
    {
        try
        {
            using var cmd = Command(sql);
            return cmd.ExecuteScalar();
        }
        catch (SqliteException) when (ignoreMissingTable)
        {
            return null;
        }
    }

    private static List<T> Read<T>(SqliteCommand cmd, Func<SqliteDataReader, T> map)
    {
        using var reader = cmd.ExecuteReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(map(reader));
        return list;
    }

    // Round-trip text at 100 ns resolution, UTC; the reader gets back exactly what was written.
    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    private static DateTimeOffset Normalise(DateTimeOffset t) => t.ToUniversalTime();
}
