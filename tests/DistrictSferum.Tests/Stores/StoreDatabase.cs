using DistrictSferum.Migrations;
using DistrictSferum.Tests.Infrastructure;
using Npgsql;

namespace DistrictSferum.Tests.Stores;

/// <summary>A migrated database of its own for one PostgreSQL contract class (its tests use their own keys).</summary>
public sealed class StoreDatabase : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture database = new();

    public NpgsqlDataSource Source { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await DatabaseMigrator.MigrateAsync(database.ConnectionString).WaitAsync(TimeSpan.FromMinutes(2));
        Source = NpgsqlDataSource.Create(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await database.DisposeAsync();
    }
}
