using Needle.Search.Study;
using Npgsql;

namespace Needle.Search.Tests.Study;

/// <summary>The storage contract on a real PostgreSQL server (a throwaway cluster; a fresh database per test).</summary>
public sealed class PostgresStudyStorageContractTests : StudyStorageContract
{
    private readonly PostgresScratchCluster _cluster = PostgresScratchCluster.Require();
    private readonly string _database;

    public PostgresStudyStorageContractTests() => _database = _cluster.CreateDatabase();

    private string ConnectionString => _cluster.ConnectionString(_database);

    protected override IStudyStorage CreateStorage() => new PostgresStudyStorage(ConnectionString, _cluster.Url(_database));

    protected override IStudyStorage Reopen() => CreateStorage();

    public override void Dispose() => NpgsqlConnection.ClearAllPools();

    private void Sql(string sql)
    {
        using var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar();
    }

    [Fact]
    public void A_version_1_database_is_upgraded_in_place_keeping_its_rows()
    {
        using (var c = new NpgsqlConnection(ConnectionString))
        {
            c.Open();
            PostgresSchema.Migrate(c, "test", target: 1).Should().Be(0);
        }
        Sql("INSERT INTO needle.studies (name, ladder, master_seed, space_json, created_at) VALUES ('old', '1000x3^4', 7, '{}', now())");
        Scalar("SELECT value FROM needle.meta WHERE key = 'schema_version'").Should().Be("1");
        using var s = CreateStorage();
        Scalar("SELECT value FROM needle.meta WHERE key = 'schema_version'").Should().Be(PostgresSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        s.FindStudy("old")!.MasterSeed.Should().Be(7);
        Scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'needle' AND table_name = 'rung_decisions' AND column_name = 'session_id'")
            .Should().Be(1L, "migration 2 added the deciding session");
    }

    [Fact]
    public void A_newer_schema_is_refused_with_the_database_named_and_left_untouched()
    {
        using (CreateStorage()) { }
        Sql("UPDATE needle.meta SET value = '99' WHERE key = 'schema_version'");
        ((Action)(() => CreateStorage().Dispose())).Should().Throw<InvalidDataException>()
            .WithMessage($"*{_cluster.Url(_database)}*version 99*newer needle*");
        Scalar("SELECT value FROM needle.meta WHERE key = 'schema_version'").Should().Be("99");
    }

    [Fact]
    public void Needle_tables_without_a_version_are_refused_not_used()
    {
        Sql("CREATE SCHEMA needle; CREATE TABLE needle.trials (id bigint)");
        ((Action)(() => CreateStorage().Dispose())).Should().Throw<InvalidDataException>().WithMessage("*trials*no version*Refusing*");
    }

    [Fact]
    public async Task Many_workers_opening_a_new_database_at_once_migrate_it_once()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => { using var s = CreateStorage(); return s.ListStudies().Count; },
            TestContext.Current.CancellationToken)));
        opened.Should().OnlyContain(n => n == 0);
        Scalar("SELECT count(*) FROM needle.meta").Should().Be(1L);
    }
}
