using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using Needle.Search.Study;
using Npgsql;
using NpgsqlTypes;

namespace Needle.Search.Workers;

/// <summary>
/// Checkpoints as bytea in the study database (table needle.checkpoint_blobs, keyed by trial and step), for hosts
/// that share only the database. A checkpoint (one file, or a directory such as the engine's) is packed as a tar
/// archive with its SHA-256; fetching verifies the hash before unpacking, so a damaged blob is an error, never a
/// silently different model. The study records the location as <c>db:TRIAL:STEP:file|dir:NAME</c>.
/// </summary>
public sealed class DatabaseCheckpointStore(PostgresStudyStorage storage, StudyRetry retry, TimeProvider time) : ICheckpointStore
{
    public string Name => "database";

    public TrialCheckpoint Store(long trialId, TrialCheckpoint local)
    {
        var isDirectory = Directory.Exists(local.Location);
        if (!isDirectory && !File.Exists(local.Location))
            throw new FileNotFoundException($"checkpoint {local.Location} of trial {trialId} does not exist; the runner reported a path it did not write");
        var bytes = Pack(local.Location, isDirectory);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        retry.Run(() =>
        {
            using var c = storage.Open();
            using var cmd = new NpgsqlCommand("""
                INSERT INTO needle.checkpoint_blobs (trial_id, step, sha256, bytes, stored_at) VALUES (@t, @s, @h, @b, @at)
                ON CONFLICT (trial_id, step) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes, stored_at = excluded.stored_at
                """, c);
            cmd.Parameters.AddWithValue("t", trialId);
            cmd.Parameters.AddWithValue("s", local.Step);
            cmd.Parameters.AddWithValue("h", sha);
            cmd.Parameters.Add(new NpgsqlParameter("b", NpgsqlDbType.Bytea) { Value = bytes });
            cmd.Parameters.AddWithValue("at", time.GetUtcNow().ToUniversalTime());
            cmd.ExecuteNonQuery();
        });
        var name = Path.GetFileName(local.Location.TrimEnd(Path.DirectorySeparatorChar));
        return new TrialCheckpoint(local.Step, string.Create(CultureInfo.InvariantCulture, $"db:{trialId}:{local.Step}:{(isDirectory ? "dir" : "file")}:{name}"));
    }

    public TrialCheckpoint Materialise(long trialId, TrialCheckpoint recorded, string scratch)
    {
        var parts = recorded.Location.Split(':', 5);
        if (parts.Length != 5 || parts[0] != "db")
            throw new InvalidDataException($"'{recorded.Location}' is not a database checkpoint location (db:TRIAL:STEP:file|dir:NAME); this study's checkpoints are not in the database");
        var (sha, bytes) = retry.Run(() =>
        {
            using var c = storage.Open();
            using var cmd = new NpgsqlCommand("SELECT sha256, bytes FROM needle.checkpoint_blobs WHERE trial_id = @t AND step = @s", c);
            cmd.Parameters.AddWithValue("t", long.Parse(parts[1], CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("s", long.Parse(parts[2], CultureInfo.InvariantCulture));
            using var r = cmd.ExecuteReader();
            if (!r.Read()) throw new KeyNotFoundException($"no checkpoint blob for trial {parts[1]} step {parts[2]} in {storage.DisplayName}");
            return (r.GetString(0), r.GetFieldValue<byte[]>(1));
        });
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha)
            throw new InvalidDataException($"checkpoint blob of trial {parts[1]} step {parts[2]} does not match its SHA-256 {sha}: damaged in the database");
        var target = Path.Combine(scratch, "from-db", string.Create(CultureInfo.InvariantCulture, $"trial{trialId}-step{recorded.Step}"));
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(target);
        using (var stream = new MemoryStream(bytes)) TarFile.ExtractToDirectory(stream, target, overwriteFiles: true);
        return recorded with { Location = parts[3] == "dir" ? target : Path.Combine(target, parts[4]) };
    }

    private static byte[] Pack(string path, bool isDirectory)
    {
        using var stream = new MemoryStream();
        if (isDirectory) TarFile.CreateFromDirectory(path, stream, includeBaseDirectory: false);
        else
        {
            using var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
            writer.WriteEntry(path, Path.GetFileName(path));
        }
        return stream.ToArray();
    }
}
