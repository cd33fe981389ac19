namespace Needle.Search.Study;

/// <summary>
/// The SQLite schema of a study file (version 3). Points and decisions are keyed so a replay is idempotent.
/// Version 2 added <c>rung_decisions.session_id</c> (which worker decided), version 3 the table <c>vector_states</c>;
/// an older file is upgraded in place by <see cref="Upgrades"/> when opened, in one transaction.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 3;

    /// <summary>Upgrade steps: index i turns version i+1 into version i+2.</summary>
    public static readonly string[] Upgrades =
    [
        "ALTER TABLE rung_decisions ADD COLUMN session_id INTEGER REFERENCES sessions(id); UPDATE meta SET value = '2' WHERE key = 'schema_version';",
        VectorStatesTable + "UPDATE meta SET value = '3' WHERE key = 'schema_version';",
    ];

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS studies (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, ladder TEXT NOT NULL, master_seed INTEGER NOT NULL,
            space_json TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sessions (
            id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id), host TEXT NOT NULL,
            pid INTEGER NOT NULL, process_start TEXT NOT NULL, started_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL,
            ended_at TEXT);
        CREATE TABLE IF NOT EXISTS trials (
            id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id), number INTEGER NOT NULL,
            canon TEXT NOT NULL, seed INTEGER NOT NULL, config_key TEXT NOT NULL, minimum_step INTEGER NOT NULL,
            bracket INTEGER NOT NULL, state TEXT NOT NULL, last_step INTEGER NOT NULL DEFAULT 0,
            checkpoint_step INTEGER, checkpoint_location TEXT, owner_session INTEGER REFERENCES sessions(id),
            heartbeat_at TEXT, error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (study_id, canon), UNIQUE (study_id, number));
        CREATE TABLE IF NOT EXISTS trial_params (
            trial_id INTEGER NOT NULL REFERENCES trials(id), name TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (trial_id, name));
        CREATE TABLE IF NOT EXISTS reports (
            trial_id INTEGER NOT NULL REFERENCES trials(id), step INTEGER NOT NULL, bpb REAL NOT NULL,
            reported_at TEXT NOT NULL, PRIMARY KEY (trial_id, step));
        CREATE TABLE IF NOT EXISTS rung_decisions (
            seq INTEGER PRIMARY KEY, trial_id INTEGER NOT NULL REFERENCES trials(id), bracket INTEGER NOT NULL,
            rung_step INTEGER NOT NULL, value REAL NOT NULL, outcome TEXT NOT NULL, rank INTEGER NOT NULL,
            competitors INTEGER NOT NULL, keep_count INTEGER NOT NULL, decided_at TEXT NOT NULL,
            session_id INTEGER REFERENCES sessions(id), UNIQUE (trial_id, rung_step));
        CREATE TABLE IF NOT EXISTS scheduler_state (
            study_id INTEGER NOT NULL REFERENCES studies(id), key TEXT NOT NULL, value_json TEXT NOT NULL,
            updated_at TEXT NOT NULL, PRIMARY KEY (study_id, key));
        CREATE TABLE IF NOT EXISTS seed_hunt_state (
            study_id INTEGER NOT NULL REFERENCES studies(id), key TEXT NOT NULL, value_json TEXT NOT NULL,
            updated_at TEXT NOT NULL, PRIMARY KEY (study_id, key));
        INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '3');
        """ + VectorStatesTable;

    /// <summary>Version 3: the accelerator vectors' states (enabled, disabled, no verdict), why, and the evidence file's hash.</summary>
    private const string VectorStatesTable = """
        CREATE TABLE IF NOT EXISTS vector_states (
            study_id INTEGER NOT NULL REFERENCES studies(id), vector TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL,
            evidence_sha256 TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (study_id, vector));
        """;
}
