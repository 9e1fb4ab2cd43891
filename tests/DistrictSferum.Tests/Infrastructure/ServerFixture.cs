namespace DistrictSferum.Tests.Infrastructure;

/// <summary>One real server on its own fresh PostgreSQL database, shared by the tests of a class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ServerHost Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = await SharedPostgres.GetAsync();
        Server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("e2e"));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
