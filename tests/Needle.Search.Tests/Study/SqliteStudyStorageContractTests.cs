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
}
