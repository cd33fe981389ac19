using Needle.Core.Vectors;
using Needle.Search.Study;

namespace Needle.Search.Tests.Study;

/// <summary>The storage contract on a real SQLite file.</summary>
public sealed class SqliteStudyStorageContractTests : StudyStorageContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-study-").FullName;
    private string File => Path.Combine(_dir, "study.db");

    protected override IStudyStorage CreateStorage() => new SqliteStudyStorage(File);

    protected override IStudyStorage Reopen() => new SqliteStudyStorage(File);

    public override void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* best effort: temp dir */ }
    }

    [Fact]
    public void A_newer_schema_is_refused_with_the_file_named()
    {
        using (var s = new SqliteStudyStorage(File)) { }
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={File};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value = '99' WHERE key = 'schema_version'";
            cmd.ExecuteNonQuery();
        }
        ((Action)(() => new SqliteStudyStorage(File).Dispose())).Should().Throw<InvalidDataException>().WithMessage($"*{File}*version 99*");
    }

    [Fact]
    public void A_version_1_file_is_upgraded_in_place_keeping_its_decisions()
    {
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={File};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // The version-1 schema as needle wrote it (rung_decisions without session_id), with one decision.
            cmd.CommandText = SqliteSchema.Create.Replace("session_id INTEGER REFERENCES sessions(id), ", "", StringComparison.Ordinal)
                                  .Replace("'schema_version', '3'", "'schema_version', '1'", StringComparison.Ordinal) + """
                DROP TABLE vector_states;
                INSERT INTO studies (id, name, ladder, master_seed, space_json, created_at) VALUES (1, 's', '1000x3^4', 1, '{}', '2026-01-01T00:00:00.0000000+00:00');
                INSERT INTO trials (id, study_id, number, canon, seed, config_key, minimum_step, bracket, state, created_at, updated_at)
                    VALUES (1, 1, 0, 'c', 1, '', 0, 0, 'Pruned', '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:00.0000000+00:00');
                INSERT INTO rung_decisions (trial_id, bracket, rung_step, value, outcome, rank, competitors, keep_count, decided_at)
                    VALUES (1, 0, 1000, 2.5, 'Stop', 1, 2, 1, '2026-01-01T00:00:00.0000000+00:00');
                """;
            cmd.ExecuteNonQuery();
        }
        using var s = new SqliteStudyStorage(File);
        var decision = s.GetRungDecisions(1).Single();
        decision.Value.Should().Be(2.5);
        decision.SessionId.Should().BeNull("version 1 did not record who decided");
        s.GetVectorStates(1).Should().BeEmpty("version 3 added the vector states; an upgraded file has none yet");
        s.SetVectorStates(1, [new VectorState("V3", VectorSwitch.Enabled, "holds", null)], DateTimeOffset.UnixEpoch);
        s.GetVectorStates(1).Should().ContainSingle().Which.Vector.Should().Be("V3");
    }
}
