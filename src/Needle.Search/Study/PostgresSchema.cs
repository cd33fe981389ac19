using Npgsql;

namespace Needle.Search.Study;

/// <summary>
/// The PostgreSQL schema of studies (schema <c>needle</c>), as numbered migrations. Opening a database applies the
/// missing ones in order, in one transaction under an advisory lock (so many workers starting at once migrate it
/// once); a database whose version is newer than this needle knows, or that has needle tables but no version, is
/// refused with a message — never used as it is.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The version this needle writes.</summary>
    public static int Version => Migrations.Length;

    // Advisory lock key for migrations: an arbitrary constant, the same in every needle ("needle" in ASCII).
    private const long MigrationLock = 0x6E656564_6C65;

    /// <summary>Migration i (0-based) turns version i into version i+1.</summary>
    internal static readonly string[] Migrations =
    [
        // 1: the tables of the SQLite study, one for one.
        """
        CREATE SCHEMA IF NOT EXISTS needle;
        CREATE TABLE needle.meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE needle.studies (
            id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, ladder text NOT NULL, master_seed bigint NOT NULL,
            space_json text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE needle.sessions (
            id bigserial PRIMARY KEY, study_id bigint NOT NULL REFERENCES needle.studies(id), host text NOT NULL,
            pid integer NOT NULL, process_start timestamptz NOT NULL, started_at timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL, ended_at timestamptz);
        CREATE TABLE needle.trials (
            id bigserial PRIMARY KEY, study_id bigint NOT NULL REFERENCES needle.studies(id), number integer NOT NULL,
            canon text NOT NULL, seed bigint NOT NULL, config_key text NOT NULL, minimum_step bigint NOT NULL,
            bracket integer NOT NULL, state text NOT NULL, last_step bigint NOT NULL DEFAULT 0,
            checkpoint_step bigint, checkpoint_location text, owner_session bigint REFERENCES needle.sessions(id),
            heartbeat_at timestamptz, error text, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
            UNIQUE (study_id, canon), UNIQUE (study_id, number));
        CREATE INDEX trials_claim ON needle.trials (study_id, state);
        CREATE TABLE needle.trial_params (
            trial_id bigint NOT NULL REFERENCES needle.trials(id), name text NOT NULL, value text NOT NULL,
            PRIMARY KEY (trial_id, name));
        CREATE TABLE needle.reports (
            trial_id bigint NOT NULL REFERENCES needle.trials(id), step bigint NOT NULL, bpb double precision NOT NULL,
            reported_at timestamptz NOT NULL, PRIMARY KEY (trial_id, step));
        CREATE TABLE needle.rung_decisions (
            seq bigserial PRIMARY KEY, trial_id bigint NOT NULL REFERENCES needle.trials(id), bracket integer NOT NULL,
            rung_step bigint NOT NULL, value double precision NOT NULL, outcome text NOT NULL, rank integer NOT NULL,
            competitors integer NOT NULL, keep_count integer NOT NULL, decided_at timestamptz NOT NULL,
            UNIQUE (trial_id, rung_step));
        CREATE TABLE needle.scheduler_state (
            study_id bigint NOT NULL REFERENCES needle.studies(id), key text NOT NULL, value_json text NOT NULL,
            updated_at timestamptz NOT NULL, PRIMARY KEY (study_id, key));
        CREATE TABLE needle.seed_hunt_state (
            study_id bigint NOT NULL REFERENCES needle.studies(id), key text NOT NULL, value_json text NOT NULL,
            updated_at timestamptz NOT NULL, PRIMARY KEY (study_id, key));
        INSERT INTO needle.meta (key, value) VALUES ('schema_version', '1');
        """,
        // 2: which worker decided each rung; checkpoints stored in the database (for hosts that share nothing else).
        """
        ALTER TABLE needle.rung_decisions ADD COLUMN session_id bigint REFERENCES needle.sessions(id);
        CREATE TABLE needle.checkpoint_blobs (
            trial_id bigint NOT NULL REFERENCES needle.trials(id), step bigint NOT NULL, sha256 text NOT NULL,
            bytes bytea NOT NULL, stored_at timestamptz NOT NULL, PRIMARY KEY (trial_id, step));
        UPDATE needle.meta SET value = '2' WHERE key = 'schema_version';
        """,
        // 3: the accelerator vectors' states (enabled, disabled, no verdict), why, and the evidence file's hash.
        """
        CREATE TABLE needle.vector_states (
            study_id bigint NOT NULL REFERENCES needle.studies(id), vector text NOT NULL, state text NOT NULL, reason text NOT NULL,
            evidence_sha256 text, updated_at timestamptz NOT NULL, PRIMARY KEY (study_id, vector));
        UPDATE needle.meta SET value = '3' WHERE key = 'schema_version';
        """,
    ];

    /// <summary>
    /// Brings the database to <paramref name="target"/> (default: <see cref="Version"/>); <paramref name="where"/>
    /// names it in messages (the URL without password). Returns the version found before.
    /// </summary>
    public static int Migrate(NpgsqlConnection connection, string where, int? target = null)
    {
        var goal = target ?? Version;
        // Fast path without the lock: a schema already at this version (every opener but the first) is only read. The
        // lock serialised every worker's start: 32 workers starting at once on 2 busy cores queued on it past the
        // command timeout (30 s) and the outage limit (docs/postgres-study.md, "N = 32").
        if (goal == Version && VersionWithoutLock(connection) == Version) return Version;
        using var tx = connection.BeginTransaction();
        using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLock})", connection, tx)) lockCmd.ExecuteNonQuery();
        var found = CurrentVersion(connection, tx, where);
        if (found > Version)
            throw new InvalidDataException(
                $"{where}: study schema version {found}, this needle knows versions up to {Version}. Use a newer needle (the one that wrote it); nothing was changed.");
        for (var v = found; v < goal; v++)
        {
            using var cmd = new NpgsqlCommand(Migrations[v], connection, tx);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return found;
    }

    // The recorded version, or null when there is no needle.meta (nothing to read without the lock).
    private static int? VersionWithoutLock(NpgsqlConnection connection)
    {
        using (var exists = new NpgsqlCommand("SELECT to_regclass('needle.meta') IS NOT NULL", connection))
            if (exists.ExecuteScalar() is not true) return null;
        using var read = new NpgsqlCommand("SELECT value FROM needle.meta WHERE key = 'schema_version'", connection);
        return read.ExecuteScalar() is string v && int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static int CurrentVersion(NpgsqlConnection connection, NpgsqlTransaction tx, string where)
    {
        using var tables = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'needle'", connection, tx);
        var names = new List<string>();
        using (var r = tables.ExecuteReader()) while (r.Read()) names.Add(r.GetString(0));
        if (names.Count == 0) return 0;
        if (!names.Contains("meta"))
            throw new InvalidDataException(
                $"{where}: schema 'needle' holds tables ({string.Join(", ", names.Order(StringComparer.Ordinal))}) but no version (needle.meta); " +
                "it was not made by needle's migrations. Refusing to use it: point the study location at another database, or drop schema needle if it is yours to drop.");
        using var cmd = new NpgsqlCommand("SELECT value FROM needle.meta WHERE key = 'schema_version'", connection, tx);
        var text = cmd.ExecuteScalar() as string;
        if (text is null || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) || v < 1)
            throw new InvalidDataException($"{where}: needle.meta has schema_version '{text ?? "(missing)"}', not a version number. Refusing to use this database.");
        return v;
    }
}
