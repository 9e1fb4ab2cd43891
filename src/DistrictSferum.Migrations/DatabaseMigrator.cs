using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DistrictSferum.Migrations;

/// <summary>
/// Brings a PostgreSQL database to the newest schema: creates the database if missing, then runs every script of
/// deploy/sql not yet journaled, in name order, each in its own transaction. Servers starting together serialize
/// on an advisory lock, so each script runs once; a second run finds nothing to do.
/// </summary>
public static class DatabaseMigrator
{
    // An arbitrary constant, fixed forever: the advisory lock every DistrictSferum migrator takes.
    private const long LockKey = 0x5f3e_0d15_7a1c_0001;

    public static IReadOnlyList<string> Scripts =>
        typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("sql.", StringComparison.Ordinal)).Order().ToList();

    /// <summary>Returns the names of the scripts this run applied (empty when already up to date).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var log = new UpgradeLog(logger);
        await EnsureDatabaseAsync(connectionString, logger, cancellationToken);

        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", LockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var engine = DeployChanges.To.PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith("sql.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogTo(log)
                .Build();
            var result = engine.PerformUpgrade();
            if (!result.Successful)
                throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
            return result.Scripts.Select(s => s.Name).ToList();
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", LockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task EnsureDatabaseAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            // Managed servers may not let us near the "postgres" database; an existing target needs nothing from it.
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // The database does not exist yet: create it below.
        }

        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;

        logger.LogInformation("Creating database {Database}", database);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another server created it a moment ago.
        }
    }

    private sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace("{Migration}", Format(format, args));
        public void LogDebug(string format, params object[] args) => logger.LogDebug("{Migration}", Format(format, args));
        public void LogInformation(string format, params object[] args) => logger.LogInformation("{Migration}", Format(format, args));
        public void LogWarning(string format, params object[] args) => logger.LogWarning("{Migration}", Format(format, args));
        public void LogError(string format, params object[] args) => logger.LogError("{Migration}", Format(format, args));
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "{Migration}", Format(format, args));

        private static string Format(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
