using Npgsql;

namespace Needle.Search.Study;

/// <summary>
/// Where a study lives, as <c>--study</c> names it: a SQLite file (<c>race.db</c>, the embedded default) or a
/// PostgreSQL database, <c>postgresql://user@host:port/db?study=NAME</c>. A password is never part of the URL (it
/// would land in shell history, process lists and logs): Npgsql takes it from PGPASSWORD or ~/.pgpass (PGPASSFILE).
/// <see cref="Display"/> is how every message names the location; it never holds a password.
/// </summary>
public sealed record StudyLocation
{
    private StudyLocation() { }

    /// <summary>Sqlite or Postgres.</summary>
    public StudyBackend Backend { get; private init; }

    /// <summary>The SQLite file (full path), or null.</summary>
    public string? FilePath { get; private init; }

    public string? Host { get; private init; }
    public int Port { get; private init; }
    public string? User { get; private init; }
    public string? Database { get; private init; }

    /// <summary>The study named by <c>?study=</c> (null: the one study in the database, or the space's name).</summary>
    public string? StudyName { get; private init; }

    /// <summary>How messages name it: the file path, or postgresql://user@host:port/db[?study=…] (no password).</summary>
    public string Display => Backend == StudyBackend.Sqlite
        ? FilePath!
        : $"postgresql://{User}@{Host}:{Port}/{Database}" + (StudyName is null ? "" : "?study=" + Uri.EscapeDataString(StudyName));

    /// <summary>The same database with <c>?study=</c> set to <paramref name="study"/> (a SQLite location is returned as is).</summary>
    public StudyLocation WithStudy(string study) => Backend == StudyBackend.Sqlite ? this : this with { StudyName = study };

    /// <summary>True for anything that starts like a PostgreSQL URL.</summary>
    public static bool LooksLikeUrl(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>--study</c>; throws <see cref="FormatException"/> saying what is wrong and what to write.</summary>
    public static StudyLocation Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!LooksLikeUrl(text))
            return new StudyLocation { Backend = StudyBackend.Sqlite, FilePath = Path.GetFullPath(text) };
        const string form = "postgresql://user@host:port/db?study=NAME";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new FormatException($"study location '{Redact(text)}' is not a PostgreSQL URL; write {form}");
        var userInfo = Uri.UnescapeDataString(uri.UserInfo);
        if (userInfo.Contains(':', StringComparison.Ordinal))
            throw new FormatException(
                $"study location: the URL carries a password ({Redact(text)}); needle never takes one on the command line. " +
                "Remove it and set PGPASSWORD, or put it in ~/.pgpass (host:port:db:user:password, mode 0600).");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        string? study = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (key == "study" && value.Length > 0) study = value;
            else throw new FormatException($"study location: unknown or empty URL parameter '{key}' in {Redact(text)}; the only parameter is study=NAME ({form}).");
        }
        var user = userInfo.Length > 0 ? userInfo : Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName;
        return new StudyLocation
        {
            Backend = StudyBackend.Postgres, Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port, User = user,
            Database = database.Length > 0 ? database : user, StudyName = study,
        };
    }

    /// <summary>The Npgsql connection string: no password (Npgsql reads PGPASSWORD / PGPASSFILE / ~/.pgpass).</summary>
    public string ConnectionString => Backend != StudyBackend.Postgres
        ? throw new InvalidOperationException($"{Display} is not a PostgreSQL study")
        : new NpgsqlConnectionStringBuilder
        {
            Host = Host, Port = Port, Username = User, Database = Database, ApplicationName = "needle",
            Timeout = 5, CommandTimeout = 30, MaxPoolSize = 20,
        }.ConnectionString;

    /// <summary>Opens (creating or migrating) the storage.</summary>
    public IStudyStorage Open() => Backend == StudyBackend.Sqlite
        ? new SqliteStudyStorage(FilePath!)
        : new PostgresStudyStorage(ConnectionString, Display);

    // For messages about a malformed URL: everything between "://" and "@" is dropped, so a password never echoes.
    private static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return scheme >= 0 && at > scheme ? text[..(scheme + 3)] + "…" + text[at..] : text;
    }
}

/// <summary>The two study backends.</summary>
public enum StudyBackend
{
    Sqlite,
    Postgres,
}
