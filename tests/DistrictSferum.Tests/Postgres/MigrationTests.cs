using DistrictSferum.Migrations;
using DistrictSferum.Tests.Infrastructure;
using Npgsql;

namespace DistrictSferum.Tests.Postgres;

public sealed class MigrationTests
{
    private const string SchemaSnapshot = """
        SELECT string_agg(line, E'\n' ORDER BY line) FROM (
            SELECT format('column %s.%s %s %s', table_name, column_name, data_type, is_nullable) AS line
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT format('index %s %s', indexname, indexdef) FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT format('query %s %s', querykey, md5(querytext)) FROM orleansquery
            UNION ALL SELECT format('function %s %s', p.proname, md5(pg_get_functiondef(p.oid)))
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
        ) AS schema_lines
        """;

    [Fact]
    public async Task Migrations_run_twice_are_a_no_op()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("migrate");

        var first = await DatabaseMigrator.MigrateAsync(database);
        var before = await SnapshotAsync(database);
        var second = await DatabaseMigrator.MigrateAsync(database);
        var after = await SnapshotAsync(database);

        Assert.Equal(DatabaseMigrator.Scripts.Count, first.Count);
        Assert.Empty(second);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Migrations_started_together_apply_each_script_once()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("migrate_race");

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => DatabaseMigrator.MigrateAsync(database))));

        Assert.Equal(DatabaseMigrator.Scripts.Count, runs.Sum(r => r.Count));
    }

    [Fact]
    public async Task Migrations_create_a_missing_database()
    {
        var postgres = await SharedPostgres.GetAsync();
        var missing = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Database = "sferum_fresh_" + Guid.NewGuid().ToString("N")[..8] };

        var applied = await DatabaseMigrator.MigrateAsync(missing.ConnectionString);

        Assert.Equal(DatabaseMigrator.Scripts.Count, applied.Count);
    }

    [Fact]
    public async Task Grain_state_table_makes_a_duplicate_row_impossible()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("grainstate");
        await DatabaseMigrator.MigrateAsync(database);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        const string insert = """
            INSERT INTO orleans_grain_state (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, payloadbinary, version)
            VALUES ('svc', 'school', 1, 2, 'abc', '\x00', @version)
            """;

        await using (var one = new NpgsqlCommand(insert, connection)) { one.Parameters.AddWithValue("version", 1L); await one.ExecuteNonQueryAsync(); }
        await using var two = new NpgsqlCommand(insert, connection);
        two.Parameters.AddWithValue("version", 5_000_000_000L);
        var e = await Assert.ThrowsAsync<PostgresException>(() => two.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Fact]
    public async Task Grain_state_versions_are_64_bit()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("versions");
        await DatabaseMigrator.MigrateAsync(database);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var type = new NpgsqlCommand(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'orleans_grain_state' AND column_name = 'version'", connection);

        Assert.Equal("bigint", await type.ExecuteScalarAsync());
    }

    private static async Task<string> SnapshotAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(SchemaSnapshot, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
