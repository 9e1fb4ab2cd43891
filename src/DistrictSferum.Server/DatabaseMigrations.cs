using DistrictSferum.Migrations;

namespace DistrictSferum.Server;

/// <summary>
/// Brings the database to the newest schema at start-up (Server:MigrateOnStart). Registered as the first hosted
/// service: hosted services start one after another, so it completes before the silo and the gateway start.
/// </summary>
public sealed class DatabaseMigrations(string connectionString, ILogger<DatabaseMigrations> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => DatabaseMigrator.MigrateAsync(connectionString, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
